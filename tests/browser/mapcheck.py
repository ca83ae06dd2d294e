#!/usr/bin/env python3
"""mapcheck.py: is the map in a screenshot of a report drawn, or blank?

Usage: mapcheck.py SCREENSHOT.png REPORT.html MAP_ID

The legend of the map <svg id=MAP_ID> in the report names the colours of its
classes.  The map's region in the screenshot is where the pixels of those
colours are: from their 1st to their 99th percentile, across and down.  The map is drawn when that region is
at least 250 x 250 pixels; at least 5 of its classes' colours each cover 300
pixels or more (a legend swatch is 192; a class as light as the page is
left out); those colours cover at least 15% of
the region; and the region holds at least 20 distinct colours (the classes,
the white borders, the antialiased edges).  Prints what it measured.

The PNG is decoded here with zlib alone (8-bit RGB or RGBA, not
interlaced), so that no package beyond python3 is needed.
"""
import re
import struct
import sys
import zlib


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, width = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError('unsupported PNG: depth %d, colour type %d, interlace %d' % (depth, ctype, interlace))
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
    raw = zlib.decompress(b''.join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif f != 0:
            raise ValueError('bad filter %d' % f)
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def legend_colours(html, map_id):
    m = re.search(r'<svg [^>]*id="%s".*?</svg>' % re.escape(map_id), html, re.S)
    if not m:
        raise ValueError('no <svg id="%s"> in the report' % map_id)
    legend = m.group(0)[m.group(0).find('class="legend"'):]
    fills = re.findall(r'<rect data-class="\d+"[^>]* fill="#([0-9a-f]{6})"', legend)
    return [tuple(int(f[i:i + 2], 16) for i in (0, 2, 4)) for f in fills]


def main():
    png, html, map_id = sys.argv[1:4]
    palette = legend_colours(open(html, encoding='utf-8').read(), map_id)
    # a class as light as the page (the diverging scale's "no change") cannot
    # be told from the page's own near-white pixels: it is not counted
    palette = [c for c in palette if min(c) < 240]
    width, height, bpp, rows = read_png(png)
    near = {}
    for k, c in enumerate(palette):          # colours within 2 of a class's, per channel
        for dr in range(-2, 3):
            for dg in range(-2, 3):
                for db in range(-2, 3):
                    near[(c[0] + dr, c[1] + dg, c[2] + db)] = k
    count = [0] * len(palette)
    xs, ys = [], []
    for y, row in enumerate(rows):
        for x in range(0, width):
            px = (row[x * bpp], row[x * bpp + 1], row[x * bpp + 2])
            k = near.get(px)
            if k is None:
                continue
            count[k] += 1
            xs.append(x)
            ys.append(y)
    if len(xs) < 100:
        print('map %s: its %d legend colours cover %d pixels: blank' % (map_id, len(palette), len(xs)))
        return 1
    # the region: from the 1st to the 99th percentile, so that a stray
    # pixel of a class's colour elsewhere on the page does not stretch it
    xs.sort()
    ys.sort()
    lo, hi = len(xs) // 100, len(xs) - 1 - len(xs) // 100
    x0, x1, y0, y1 = xs[lo], xs[hi], ys[lo], ys[hi]
    count = [0] * len(palette)
    for y in range(y0, y1 + 1):
        row = rows[y]
        for x in range(x0, x1 + 1):
            k = near.get((row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]))
            if k is not None:
                count[k] += 1
    distinct = set()
    for y in range(y0, y1 + 1):
        row = rows[y]
        for x in range(x0, x1 + 1):
            distinct.add(row[x * bpp:x * bpp + 3])
    w, h = x1 - x0 + 1, y1 - y0 + 1
    coloured = sum(count)
    big = sum(1 for n in count if n >= 300)
    share = coloured / float(w * h)
    print('map %s: region %dx%d at (%d,%d); %d distinct colours; class pixels %s; %d classes of %d cover 300 px '
          'or more; %.0f%% of the region in class colours'
          % (map_id, w, h, x0, y0, len(distinct), count, big, len(palette), 100 * share))
    ok = w >= 250 and h >= 250 and big >= min(5, len(palette)) and share >= 0.15 and len(distinct) >= 20
    print('map %s: %s' % (map_id, 'drawn' if ok else 'BLANK or broken'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
