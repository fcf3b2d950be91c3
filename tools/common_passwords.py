#!/usr/bin/env python3
"""Writes src/Zhaoshang.Web/Features/Accounts/common-passwords.txt.gz, the list PasswordRules refuses (lower case,
one a line, gzip), and common-passwords.LICENSE.txt beside it. Deterministic: the same inputs give the same bytes.

Sources, in this order (the first occurrence of an entry wins):
  1. tools/passwords/hand-picked.txt: what Chinese office systems see most (admin@123, huawei@123, 1qaz@wsx …);
  2. the 49,233 most frequent breached passwords of the npm package @zxcvbn-ts/language-common 4.1.3 (MIT; the
     frequency list zxcvbn builds from Xato's ten-million-password corpus), fetched with `npm pack`;
  3. generated here: pinyin names (common surnames × common given names), Chinese phrases, places and work words in
     pinyin, number phrases (5201314 …), keyboard walks (rows, columns such as 1qaz2wsx, their shifted forms
     such as 1qaz@wsx, and row pairs such as qweasdzxc) and alphabet runs (abc, abcd …).
The rules also catch a listed word with digits or symbols around it (Password123!, woaini1314, Zhangwei@1990),
so the list holds base words, not every suffix.

Usage: python3 tools/common_passwords.py   (needs npm and the npm registry)
"""
import gzip
import io
import json
import os
import subprocess
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "Zhaoshang.Web", "Features", "Accounts", "common-passwords.txt.gz")
LICENSE_OUT = os.path.join(ROOT, "src", "Zhaoshang.Web", "Features", "Accounts", "common-passwords.LICENSE.txt")
HAND = os.path.join(ROOT, "tools", "passwords", "hand-picked.txt")
PACKAGE, VERSION = "@zxcvbn-ts/language-common", "4.1.3"

SURNAMES = """wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song
tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng wei su lu ding ren shen yao cui
zhong tan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao gu mao hao
gong shao wan qian dai mo kong xiang chang kang niu wen ou ouyang qi an ge""".split()

GIVEN = """wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiulan xia ping gang hua hui dan
bo ning hong fei xin yu hao yi lin lan mei ying jian bin peng xiang long kai qing feng yun jia chen rui tian xue lu
meng ting qian shan hai wen zhen dong liang xiaoming xiaohong xiaoli xiaoyan xiaojun xiaoyu xiaowei xiaolong jianguo
jianhua jianjun guoqiang zhiqiang zhiwei haiyan lihua yanping xiuying guiying shuzhen yuzhen lili jingjing tingting
lingling yuhang zihan haoran yuxuan zixuan xinyi yutong""".split()

PHRASES = """woaini aini woaiwojia woainimen woaibaobao woaibaobei woailaopo woailaogong iloveyou iloveu woxihuanni
wodemima mima mimamima mima123 nihao nihaoma zaijian zhongguo zhonghua zhongguoren woshizhongguoren aiguo
laopo laogong baobao baobei qinaide xiaobao xiaobaobei mama baba jiejie gege didi meimei yeye nainai
fafa facai gongxifacai wanshiruyi pingan pinganshifu xingfu kuaile shengrikuaile xinniankuaile dajiahao
zhaoshang zhaoshangju touzi touzicujin cujinju zhaoshangyinzi zhengfu gongzuo bangong bangongshi danwei guanli
guanliyuan xitong denglu yonghu ceshi laoban lingdao shuji zhuren kezhang juzhang shizhang xianzhang zhuanyuan
beijing shanghai tianjin chongqing guangzhou shenzhen hangzhou nanjing wuhan chengdu xian suzhou qingdao xiamen
guizhou guiyang zunyi anshun liupanshui bijie tongren qiannan qiandongnan qianxinan kaili duyun xingyi guian
huaxi nanming yunyan baiyun wudang guanshanhu qingzhen xiuwen xifeng kaiyang
hebei shanxi neimenggu liaoning jilin heilongjiang jiangsu zhejiang anhui fujian jiangxi shandong henan hubei hunan
guangdong guangxi hainan sichuan yunnan xizang shaanxi gansu qinghai ningxia xinjiang xianggang aomen taiwan
huawei xiaomi tengxun baidu alibaba taobao weixin qqqq""".split()

NUMBERS = """5201314 1314520 520520 521521 5211314 1314521 131420 201314 7758521 7758258 147258 147258369 159357
159753 258369 369258 741852963 963852741 123654 654321 112233 778899 888888 666666 168168 518518 886886 1314
5201314520 1234554321 123123123 321321 147147 258258 369369 789456 456789 987654321""".split()

ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
SHIFT = dict(zip("1234567890", "!@#$%^&*()"))


def shifted(s):
    return "".join(SHIFT.get(c, c) for c in s)


def keyboard_walks():
    walks = []
    for row in ROWS:  # runs along a row, both ways
        for length in range(3, len(row) + 1):
            for start in range(0, len(row) - length + 1):
                run = row[start:start + length]
                walks += [run, run[::-1]]
    columns = ["".join(r[i] for r in ROWS if i < len(r)) for i in range(10)]  # 1qaz, 2wsx, … 8ik, 9ol, 0p
    for k in range(1, 5):  # runs of columns, top-down and bottom-up, each column plain or shifted (1qaz@wsx)
        for start in range(0, 10 - k + 1):
            group = columns[start:start + k]
            for mask in range(1 << k):
                parts = [shifted(c) if mask >> i & 1 else c for i, c in enumerate(group)]
                walks += ["".join(parts), "".join(p[::-1] for p in parts)]
            walks.append("".join(c[1:] for c in group))  # qazwsx, qazwsxedc
    for length in range(2, 7):  # 1q2w3e…, q1w2e3…, and shifted
        digits, letters = ROWS[0][:length], ROWS[1][:length]
        for d in (digits, shifted(digits)):
            walks += ["".join(a + b for a, b in zip(d, letters)), "".join(b + a for a, b in zip(d, letters))]
    for length in range(3, 6):  # row pairs: qweasd, qweasdzxc, 123qwe, qwe123, !@#qwe
        parts = [r[:length] for r in ROWS]
        walks += [parts[1] + parts[2], parts[1] + parts[2] + parts[3], parts[2] + parts[3], parts[1] + parts[3]]
        for letters in parts[1:]:
            for d in (parts[0], shifted(parts[0])):
                walks += [d + letters, letters + d, letters + parts[0] + shifted(parts[0])]
    return walks


def alphabet_runs():
    letters = "abcdefghijklmnopqrstuvwxyz"
    runs = []
    for length in range(3, 9):
        for start in range(0, len(letters) - length + 1):
            runs += [letters[start:start + length], letters[start:start + length][::-1]]
    return runs


def generated():
    names = [s + g for s in SURNAMES for g in GIVEN] + [g + s for s in SURNAMES for g in GIVEN if len(g) > 2]
    return PHRASES + NUMBERS + names + keyboard_walks() + alphabet_runs()


def fetch_zxcvbn(tmp):
    tgz = subprocess.run(["npm", "pack", "--silent", f"{PACKAGE}@{VERSION}"], cwd=tmp, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(tmp, tgz)) as archive:
        passwords = json.load(archive.extractfile("package/src/passwords.json"))
        license_text = archive.extractfile("package/LICENSE.txt").read().decode("utf-8")
    return passwords, license_text


def main():
    with tempfile.TemporaryDirectory() as tmp:
        zxcvbn, license_text = fetch_zxcvbn(tmp)
    with open(HAND, encoding="utf-8") as f:
        hand = [line for line in f.read().splitlines() if line and not line.startswith("#")]
    seen, entries = set(), []
    for word in hand + zxcvbn + generated():
        word = word.strip().lower()
        if len(word) >= 3 and word not in seen:
            seen.add(word)
            entries.append(word)
    header = (f"# Common passwords, lower case, one a line: {len(entries)} entries. Written by tools/common_passwords.py from\n"
              f"# tools/passwords/hand-picked.txt, {PACKAGE} {VERSION} (MIT, see common-passwords.LICENSE.txt) and\n"
              "# generated pinyin names, Chinese phrases and keyboard walks.\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write((header + "\n".join(entries) + "\n").encode("utf-8"))
    with open(OUT, "wb") as f:
        f.write(buffer.getvalue())
    with open(LICENSE_OUT, "w", encoding="utf-8") as f:
        f.write(f"common-passwords.txt.gz contains the password list of the npm package {PACKAGE} {VERSION},\n"
                "under this licence:\n\n" + license_text)
    print(f"{OUT}: {len(entries)} entries ({len(hand)} hand-picked, {len(zxcvbn)} from {PACKAGE}), {len(buffer.getvalue())} bytes")


if __name__ == "__main__":
    main()
