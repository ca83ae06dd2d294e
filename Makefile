# verdeel: a plain Makefile.  `make` builds ./verdeel, `make test` runs every
# test, `make deps` installs what the build needs (Debian).  Build outputs go
# to build/$(MODE)/ (MODE=debug|release); sanitizer builds to build/asan/.

MODE    ?= debug
SAN     ?=
CC      ?= cc
BISON   ?= bison
FLEX    ?= flex

ifeq ($(SAN),)
  BUILD := build/$(MODE)
else ifeq ($(SAN),thread)
  BUILD := build/tsan
else
  BUILD := build/san
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wformat=2 -Wundef -Wvla
ifeq ($(WERROR),1)
  WARN  += -Werror
endif
ifeq ($(MODE),release)
  OPT   := -O2 -DNDEBUG
else
  OPT   := -O1 -g
endif
ifneq ($(SAN),)
  OPT   := -O1 -g -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDSAN := -fsanitize=$(SAN)
endif

CPPFLAGS += -Iinclude -Iruntime -Icompiler -Ireport -Ilib -I$(BUILD)/gen -D_POSIX_C_SOURCE=200809L
CFLAGS   += -std=c11 $(OPT) $(WARN)
LDLIBS   += -lffi -ldl -lpthread
LDFLAGS  += $(LDSAN)

GEN_C    := $(BUILD)/gen/parser.tab.c $(BUILD)/gen/lexer.c
LIB_SRC  := $(wildcard runtime/*.c compiler/*.c report/*.c lib/*.c)
CLI_SRC  := $(wildcard cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/parser.tab.o $(BUILD)/gen/lexer.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB      := $(BUILD)/libverdeel.a
BIN      := $(BUILD)/verdeel

.PHONY: all deps test unit golden asan tsan valgrind clean examples install uninstall
all: verdeel

verdeel: $(BIN)
	@cp $(BIN) $@

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/gen/parser.tab.c $(BUILD)/gen/parser.tab.h &: grammar/parser.y
	@mkdir -p $(@D)
	$(BISON) -Wall -Werror --defines=$(BUILD)/gen/parser.tab.h -o $(BUILD)/gen/parser.tab.c $<

$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: grammar/lexer.l
	@mkdir -p $(@D)
	$(FLEX) --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

# Generated code is not ours to lint: keep the warnings that find bugs.
GEN_CFLAGS := $(filter-out -Wmissing-prototypes -Wshadow -Wundef,$(CFLAGS)) -Wno-unused-function -Wno-sign-compare
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/parser.tab.h $(BUILD)/gen/lexer.h
	$(CC) $(CPPFLAGS) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c $(BUILD)/gen/parser.tab.h $(BUILD)/gen/lexer.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

-include $(wildcard $(BUILD)/*/*.d)

deps:
	@sh tools/deps.sh

unit: $(UNIT_BIN)

# The example extension a rule file calls through `extern`, built the same
# way in every mode (a plain shared library, no sanitizers).
EXAMPLE_LIB := build/examples/libprognose.so
examples: $(EXAMPLE_LIB) build/examples/embed
build/examples/embed: examples/embed.c $(LIB) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) -std=c11 -Iinclude $(WARN) -o $@ $< $(LIB) $(LDLIBS)
$(EXAMPLE_LIB): examples/ext/prognose.c include/verdeel_ext.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -fPIC -shared -Iinclude $(filter-out -Werror,$(WARN)) -Werror -o $@ $<

# The test command: unit tests and golden tests, one summary line at the end.
# TEST_JOBS shards of the suite run at once (default: one per processor).
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
test: verdeel $(UNIT_BIN) $(EXAMPLE_LIB)
	@sh tests/run.sh -j $(TEST_JOBS) --bin $(BIN) --units "$(UNIT_BIN)"

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) SAN=address,undefined test-san
test-san: $(BIN) $(UNIT_BIN) $(EXAMPLE_LIB)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh -j $(TEST_JOBS) --bin $(BIN) --units "$(UNIT_BIN)"

# The threaded paths (sweep -j: runners, blocks written in order) under
# ThreadSanitizer; a data race ends the run with an error.
tsan:
	$(MAKE) SAN=thread build/tsan/verdeel
	@TSAN_OPTIONS=halt_on_error=1 sh tests/scripts/sweep.sh build/tsan/verdeel
	@TSAN_OPTIONS=halt_on_error=1 sh tests/scripts/sweep-rerun.sh build/tsan/verdeel

# The same suite under valgrind memcheck (leaks and invalid accesses fail).
valgrind: $(BIN) $(UNIT_BIN) $(EXAMPLE_LIB)
	@sh tests/run.sh -j $(TEST_JOBS) --bin $(BIN) --units "$(UNIT_BIN)" \
	  --wrap "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"

# Install the binary, the library and its headers, a pkg-config file, the
# man page, and the laws with the data they read (side by side, so that the
# rule files' relative paths to the data still hold).
PREFIX  ?= /usr/local
DESTDIR ?=
HEADERS := include/verdeel.h include/verdeel_data.h include/verdeel_report.h include/verdeel_ext.h
SHARE   := $(DESTDIR)$(PREFIX)/share/verdeel
install: verdeel $(LIB)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(SHARE)/rules $(SHARE)/data
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/verdeel
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libverdeel.a
	install -m 644 $(HEADERS) $(DESTDIR)$(PREFIX)/include/
	install -m 644 docs/verdeel.1 $(DESTDIR)$(PREFIX)/share/man/man1/verdeel.1
	install -m 644 rules/*.vdl rules/*.tests $(SHARE)/rules/
	install -m 644 data/*.csv data/*.geojson data/README.md $(SHARE)/data/
	sed 's|@PREFIX@|$(PREFIX)|' tools/verdeel.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/verdeel.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/verdeel $(DESTDIR)$(PREFIX)/lib/libverdeel.a \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/verdeel.pc $(DESTDIR)$(PREFIX)/share/man/man1/verdeel.1 \
	  $(addprefix $(DESTDIR)$(PREFIX)/include/,$(notdir $(HEADERS)))
	rm -rf $(SHARE)

clean:
	rm -rf build verdeel
-include tests/fuzz/fuzz.mk

# The benchmark (bench/run.sh): verdeel against cat, hand-written
# C, Lua 5.4, LuaJIT, numpy and (optional) GoRules ZEN; checks that every
# peer gives identical numbers and writes bench/RESULTS.md.  Needs
# `make bench-deps` once (apt-get: lua5.4 luajit python3-numpy time).
.PHONY: bench bench-deps
bench:
	$(MAKE) MODE=release build/release/verdeel
	sh bench/run.sh

bench-deps:
	sh bench/deps.sh

# The HTML report as headless Chromium shows it (Debian's chromium is
# installed when it is missing): its maps must be drawn, not blank.
.PHONY: test-browser
test-browser: verdeel
	@sh tests/browser/render.sh ./verdeel
