# fuzz.mk: libFuzzer harnesses for verdeel (included by the top-level
# Makefile).  See tests/fuzz/README.md.
#
#   make fuzz [FUZZ_SECONDS=60]  build the five harnesses, fuzz each in turn
#                                for FUZZ_SECONDS, print executions and findings
#   make fuzz-replay             run every stored corpus file once; fails on
#                                any crash, leak, UB or timeout
#   make fuzz-build              only build them (build/fuzz/fuzz_*)
#   make fuzz-deps               install clang + libclang-rt-14-dev if missing
#   make fuzz-seeds              rebuild the seed-* files of the corpora
#   make fuzz-clean              remove build/fuzz (scratch corpora included)
#
# Every name here starts with FUZZ_ or fuzz-, so that nothing of the main
# build is overridden.  The library is compiled again, with clang and
# -fsanitize=fuzzer,address,undefined, into build/fuzz/obj/.

FUZZ_SECONDS  ?= 60
FUZZ_CC       ?= clang
FUZZ_BISON    ?= $(or $(BISON),bison)
FUZZ_FLEX     ?= $(or $(FLEX),flex)
FUZZ_DIR      := build/fuzz
FUZZ_OBJ      := $(FUZZ_DIR)/obj
FUZZ_GEN      := $(FUZZ_DIR)/gen
FUZZ_SAN      := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CPPFLAGS := -Iinclude -Iruntime -Icompiler -Ireport -Ilib -I$(FUZZ_GEN) -D_POSIX_C_SOURCE=200809L
FUZZ_CFLAGS   := -std=c11 -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_WARN     := -Wall -Wextra -Wmissing-prototypes
FUZZ_LDLIBS   := $(LDLIBS)

FUZZ_LIB_SRC  := $(wildcard runtime/*.c compiler/*.c report/*.c lib/*.c)
FUZZ_LIB_OBJ  := $(FUZZ_LIB_SRC:%.c=$(FUZZ_OBJ)/%.o) $(FUZZ_OBJ)/gen/parser.tab.o $(FUZZ_OBJ)/gen/lexer.o
FUZZ_LIB      := $(FUZZ_DIR)/libverdeel-fuzz.a
FUZZ_NAMES    := fuzz_rules fuzz_run fuzz_csv fuzz_options fuzz_geojson
FUZZ_BINS     := $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
FUZZ_GEN_H    := $(FUZZ_GEN)/parser.tab.h $(FUZZ_GEN)/lexer.h

.PHONY: fuzz fuzz-build fuzz-replay fuzz-deps fuzz-seeds fuzz-clean

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_DIR=$(FUZZ_DIR) sh tests/fuzz/run.sh fuzz $(FUZZ_SECONDS)

fuzz-replay: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_DIR=$(FUZZ_DIR) sh tests/fuzz/run.sh replay

fuzz-build: $(FUZZ_BINS)

fuzz-deps:
	@sh tests/fuzz/deps.sh

fuzz-seeds:
	@sh tests/fuzz/seeds.sh

fuzz-clean:
	rm -rf $(FUZZ_DIR)

$(FUZZ_GEN)/parser.tab.c $(FUZZ_GEN)/parser.tab.h &: grammar/parser.y
	@mkdir -p $(@D)
	$(FUZZ_BISON) --defines=$(FUZZ_GEN)/parser.tab.h -o $(FUZZ_GEN)/parser.tab.c $<

$(FUZZ_GEN)/lexer.c $(FUZZ_GEN)/lexer.h &: grammar/lexer.l
	@mkdir -p $(@D)
	$(FUZZ_FLEX) --header-file=$(FUZZ_GEN)/lexer.h -o $(FUZZ_GEN)/lexer.c $<

$(FUZZ_OBJ)/gen/%.o: $(FUZZ_GEN)/%.c $(FUZZ_GEN_H)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_OBJ)/%.o: %.c $(FUZZ_GEN_H)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The harnesses: tests/fuzz/fuzz_*.c, fuzz_options with the CLI's options.c.
$(FUZZ_OBJ)/tests/fuzz/%.o: tests/fuzz/%.c $(FUZZ_GEN_H)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) -Icli $(FUZZ_CFLAGS) $(FUZZ_WARN) -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/fuzz_options: $(FUZZ_OBJ)/tests/fuzz/fuzz_options.o $(FUZZ_OBJ)/cli/options.o $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_SAN) -o $@ $^ $(FUZZ_LDLIBS)

$(FUZZ_DIR)/fuzz_%: $(FUZZ_OBJ)/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_SAN) -o $@ $^ $(FUZZ_LDLIBS)

-include $(wildcard $(FUZZ_OBJ)/*/*.d $(FUZZ_OBJ)/tests/fuzz/*.d)

# Keep the harness objects (make would delete them as intermediates).
.SECONDARY: $(FUZZ_NAMES:%=$(FUZZ_OBJ)/tests/fuzz/%.o)
