#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
divisions.py — writes tables/divisions.tsv, the places of China a patient may name, each
with its code and pinyin (docs/tables.md § Places).

Source of the codes and names: 国家统计局《2023年统计用区划代码和城乡划分代码》(cut-off
2023-06-30, published 2023-09-11, https://www.stats.gov.cn/sj/tjbz/), as transcribed in
github.com/modood/Administrative-divisions-of-China (dist/provinces.csv, cities.csv,
areas.csv). Pinyin: Unicode's Unihan database (Unihan_Readings.txt, kMandarin, the
reading most used), from Debian's unicode-data package, with the place-name readings of
the characters that have another one (重庆 Chóngqìng, 厦门 Xiàmén, 六安 Lù'ān …) set here.

    python3 tables/divisions.py MODOOD_DIST_DIR UNIHAN_READINGS.txt[.bz2] > tables/divisions.tsv

Output, one place a line, tab-separated, in code order:
    code  name  short  pinyin  parent
code: 6 digits; name as published (宁波市, 慈溪市, 海曙区); short: the name without its
suffix (市/县/区/…) or nationalities (宁波, 慈溪, 阿坝), as people say it; pinyin of the
short name, lower case, no tones or spaces (ningbo, cixi, haishu); parent:
the code of the prefecture (for a county) or of the province (for a prefecture), empty
for a province. Prefecture rows that are not places (市辖区, 县, 省直辖县级行政区划) are
left out; their counties name the province as parent.
"""
import bz2
import csv
import sys
import unicodedata

# Characters whose place-name reading is not Unihan's most common one.
READING = {"重": "chong", "厦": "xia", "六": "lu", "蚌": "beng", "埠": "bu", "番": "pan",
           "尉": "yu", "单": "shan", "莘": "shen", "铅": "yan", "乐": "le",
           "长": "chang", "大": "da", "都": "du", "济": "ji", "涡": "guo", "蔚": "yu",
           "枞": "zong", "睢": "sui", "浚": "xun", "黟": "yi", "歙": "she", "句": "ju",
           "盱": "xu", "眙": "yi", "丽": "li", "临": "lin", "宁": "ning"}
# Whole names read otherwise than character by character.
NAME = {"乐清": "yueqing", "乐亭": "laoting", "东阿": "donge", "番禺": "panyu",
        "长汀": "changting", "尉犁": "yuli", "尉氏": "weishi", "六盘水": "liupanshui"}
SUFFIXES = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
            "自治县", "自治旗", "新区", "林区", "矿区", "地区", "省", "市", "县", "区", "盟", "旗"]
NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def readings(path):
    out = {}
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if "\tkMandarin\t" in line:
                cp, _, value = line.rstrip("\n").split("\t")
                out[chr(int(cp[2:], 16))] = value.split()[0]
    return out


def plain(syllable):
    s = unicodedata.normalize("NFD", syllable)
    return "".join(c for c in s if unicodedata.category(c) != "Mn").replace("ü", "v")


# The 56 nationalities, longest first: an autonomous place's name is its own name, then
# the nationalities (阿坝藏族羌族自治州 → 阿坝).
ETHNIC = sorted("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
                "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 "
                "阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 "
                "赫哲 门巴 珞巴 基诺".split(), key=len, reverse=True)


def base(name):
    if "自治" in name:
        cut = min((name.find(e + "族") for e in ETHNIC if name.find(e + "族") > 0), default=-1)
        if cut >= 2:
            return name[:cut]
    for s in SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


def pinyin(name, mandarin):
    b = base(name)
    if b in NAME:
        return NAME[b]
    return "".join(READING.get(c) or plain(mandarin.get(c, "")) for c in b)


def main():
    dist, unihan = sys.argv[1], sys.argv[2]
    mandarin = readings(unihan)
    rows = []
    with open(f"{dist}/provinces.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r["code"] + "0000", r["name"], ""))
    cities = {}
    with open(f"{dist}/cities.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["code"] + "00"
            if r["name"] in NOT_PLACES:
                cities[r["code"]] = r["provinceCode"] + "0000"
                continue
            cities[r["code"]] = code
            rows.append((code, r["name"], r["provinceCode"] + "0000"))
    with open(f"{dist}/areas.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r["code"], r["name"], cities[r["cityCode"]]))
    rows.sort()
    out = sys.stdout
    out.write("# yibao places: code, name, short, pinyin, parent (docs/tables.md § Places; tables/divisions.py)\n")
    for code, name, parent in rows:
        out.write(f"{code}\t{name}\t{base(name)}\t{pinyin(name, mandarin)}\t{parent}\n")


if __name__ == "__main__":
    main()
