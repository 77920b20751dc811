#!/usr/bin/env python3
"""Deterministic, seeded generator of benchmark documents (invented 预算/决算情况说明 on real places).

Usage: gen_bench_corpus.py OUT_DIR [--seed N] [--count N] [--sizes 2,10,50,200]

Writes, per size S (KB) and index i, three variants of the same document:
  S-k/i.utf8.txt, S-k/i.gb18030.txt, S-k/i.html
and OUT_DIR/manifest.tsv (file, variant, bytes, kind, unit). Same seed, same bytes: nothing here reads the clock or
the environment. Units are invented (real cities and counties, made-up departments); figures add up (the totals
are sums of their parts, in 0.01 万元 integers) except where a small, seeded share of documents carries the kind
of inconsistency real disclosures have, so the rules have work to do. The text never copies ../shared/corpus.
"""
import argparse
import html
import os
import random

PLACES = [
    ("四川省", "德阳市", "绵竹市", "0838"), ("湖南省", "长沙市", "浏阳市", "0731"), ("浙江省", "湖州市", "吴兴区", "0572"),
    ("江西省", "赣州市", "章贡区", "0797"), ("河南省", "洛阳市", "偃师区", "0379"), ("山东省", "潍坊市", "寿光市", "0536"),
    ("广东省", "韶关市", "乐昌市", "0751"), ("湖北省", "宜昌市", "当阳市", "0717"), ("安徽省", "安庆市", "桐城市", "0556"),
    ("福建省", "泉州市", "晋江市", "0595"), ("云南省", "曲靖市", "宣威市", "0874"), ("贵州省", "遵义市", "仁怀市", "0851"),
    ("陕西省", "宝鸡市", "凤翔区", "0917"), ("河北省", "保定市", "涿州市", "0312"), ("江苏省", "苏州市", "昆山市", "0512"),
    ("广西壮族自治区", "桂林市", "阳朔县", "0773"), ("甘肃省", "天水市", "秦安县", "0938"), ("吉林省", "吉林市", "桦甸市", "0432"),
]

DEPARTMENTS = [
    ("农业农村局", "农林水支出", ["种植业", "畜牧业", "渔业", "农业机械化", "农产品质量安全", "高标准农田建设", "乡村振兴"]),
    ("文化旅游广电局", "文化旅游体育与传媒支出", ["公共文化服务", "文物保护", "非物质文化遗产", "旅游市场监管", "广播电视"]),
    ("司法局", "公共安全支出", ["人民调解", "社区矫正", "法律援助", "普法依法治理", "公共法律服务"]),
    ("市场监督管理局", "一般公共服务支出", ["市场主体登记", "食品安全监管", "特种设备安全", "计量标准", "知识产权保护"]),
    ("教育局", "教育支出", ["学前教育", "义务教育", "职业教育", "教师队伍建设", "校园安全"]),
    ("卫生健康局", "卫生健康支出", ["公共卫生", "疾病预防控制", "基层医疗卫生", "妇幼保健", "爱国卫生运动"]),
    ("自然资源局", "自然资源海洋气象等支出", ["国土空间规划", "耕地保护", "矿产资源管理", "不动产登记", "地质灾害防治"]),
    ("水利局", "农林水支出", ["水资源管理", "河湖长制", "农田水利", "防汛抗旱", "水土保持"]),
]

COMMON_FUNCTIONS = ["社会保障和就业支出", "卫生健康支出", "住房保障支出"]
OFFICES = ["办公室", "计划财务股", "政策法规股", "综合业务股", "监督检查股", "人事股", "信息中心", "督查室", "项目管理股", "宣传股"]
SUBUNIT_KINDS = ["服务中心", "监测站", "执法大队", "管理所", "技术推广站", "事务中心", "培训中心", "保障中心"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["明远", "晓峰", "建国", "丽华", "志强", "海燕", "文斌", "秀英", "国庆", "红梅", "德胜", "静怡"]
REASONS = ["人员调整及社会保险缴费基数调整", "严格控制一般性支出", "项目任务增加", "落实过紧日子要求压减公用经费",
           "部分项目完工后不再安排", "新增上级专项转移支付"]
GLOSSARY = [
    ("财政拨款收入", "指本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款和政府性基金预算财政拨款。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("“三公”经费", "指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。"),
    ("机关运行经费", "指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。"),
    ("年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
]

SIZES_KB = [2, 10, 50, 200]


def money(cents):
    """0.01 万元 integer to the way disclosures write it (no trailing zeros)."""
    whole, frac = divmod(cents, 100)
    if frac == 0:
        return str(whole)
    return f"{whole}.{frac:02d}".rstrip("0")


def split(rng, total, parts):
    """Splits an integer total into `parts` non-negative integers that add up to it."""
    if parts <= 1:
        return [total]
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def pct(part, whole):
    return "0" if whole == 0 else f"{part * 100 / whole:.2f}"


class Document:
    """One invented disclosure, built as a list of blocks: ('h', text), ('p', text) or ('table', caption, rows)."""

    def __init__(self, rng, target_bytes, index):
        self.rng = rng
        province, city, county, area = PLACES[index % len(PLACES)]
        dept, main_function, topics = DEPARTMENTS[(index // len(PLACES) + index) % len(DEPARTMENTS)]
        self.unit = f"{county}{dept}" if rng.random() < 0.7 else f"{city}{county}{dept}"
        self.county, self.area = county, area
        self.kind = "budget" if rng.random() < 0.5 else "final"
        self.year = rng.choice([2022, 2023, 2024, 2025])
        self.main_function, self.topics = main_function, topics
        self.target = target_bytes
        self.blocks = []
        self.inconsistent = rng.random() < 0.15
        self.build()

    def size(self):
        return sum(len(b[1].encode()) for b in self.blocks if b[0] != "table") + sum(
            sum(len("\t".join(r).encode()) + 1 for r in b[2]) for b in self.blocks if b[0] == "table")

    def build(self):
        rng, y, budget = self.rng, self.year, self.kind == "budget"
        word = "预算" if budget else "决算"
        self.blocks.append(("h", self.unit))
        self.blocks.append(("h", f"{y}年{'部门预算' if budget else '度部门决算'}情况说明"))
        self.blocks.append(("h", "一、部门基本情况"))
        self.blocks.append(("p", "（一）主要职能" if rng.random() < 0.5 else "（一）职能职责"))
        # Size grows with duties, sub-units, projects and table rows; each is added until the target is reached.
        small = self.target < 3000  # the 2 KB class: a terse disclosure, no table, no glossary
        duties = 2 if small else max(3, self.target // 9000)
        for i in range(duties):
            topic = self.topics[i % len(self.topics)]
            self.blocks.append(("p", f"{i + 1}.负责全{self.county[-1]}{topic}工作的统筹规划、组织实施和监督管理，"
                                     f"拟订{topic}相关政策措施并督促落实。"))
        self.blocks.append(("p", f"{duties + 1}.完成{self.county[-1]}委、{self.county[-1]}政府交办的其他任务。"))
        offices = rng.sample(OFFICES, rng.randint(3, 6))
        subunits = max(0, (self.target - 6000) // 12000)
        staff_a, staff_b = rng.randint(8, 40), rng.randint(10, 90)
        self.blocks.append(("p", "（二）机构设置"))
        self.blocks.append(("p", f"本部门内设{'、'.join(offices)}{len(offices)}个股室，下属事业单位{subunits}个。"
                                 f"行政编制{staff_a}名，事业编制{staff_b}名。"))

        # Figures in 0.01 万元.
        total = rng.randint(30_000, 900_000)
        fiscal = total - rng.randint(0, total // 10)
        fund = rng.randint(0, (total - fiscal))
        other = total - fiscal - fund
        basic = rng.randint(total // 3, total * 3 // 4)
        project = total - basic
        functions = [self.main_function] + COMMON_FUNCTIONS
        fshares = split(rng, total, len(functions))
        delta = rng.randint(-total // 10, total // 10)
        stated_total = total + (rng.randint(1, 500) if self.inconsistent else 0)

        self.blocks.append(("h", "二、收入支出" + word + "总体情况说明" if not budget else "二、部门收支总体情况"))
        self.blocks.append(("p", f"（一）收入{word}"))
        self.blocks.append(("p", f"{y}年收入{word}{money(stated_total)}万元，其中：一般公共预算拨款{money(fiscal)}万元，"
                                 f"政府性基金预算拨款{money(fund)}万元，国有资本经营预算收入0万元，事业收入0万元，"
                                 f"其他收入{money(other)}万元。收入较{y - 1}年{'增加' if delta >= 0 else '减少'}"
                                 f"{money(abs(delta))}万元，主要原因是{rng.choice(REASONS)}。"))
        self.blocks.append(("p", f"（二）支出{word}"))
        items = "，".join(f"{f}{word}{money(v)}万元" for f, v in zip(functions, fshares))
        self.blocks.append(("p", f"{y}年支出{word}{money(total)}万元，其中：{items}。支出{word}较{y - 1}年"
                                 f"{'增加' if delta >= 0 else '减少'}{money(abs(delta))}万元。"
                                 f"按经济性质分：基本支出{money(basic)}万元，占{pct(basic, total)}%；"
                                 f"项目支出{money(project)}万元，占{pct(project, total)}%。"))

        self.blocks.append(("h", "三、财政拨款收支情况说明"))
        self.blocks.append(("p", f"{y}年一般公共预算财政拨款收入{money(fiscal)}万元，一般公共预算财政拨款支出"
                                 f"{money(fiscal)}万元，比{y - 1}年{'增加' if delta >= 0 else '减少'}"
                                 f"{money(abs(delta))}万元，主要原因是{rng.choice(REASONS)}。"))
        if fund:
            self.blocks.append(("p", f"{self.unit}{y}年使用政府性基金预算拨款安排的支出{money(fund)}万元。"))

        # Function-class table (科目编码 rows), grown below until the size target is reached.
        table_rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
        if not small:
            self.blocks.append(("h", f"四、一般公共预算财政拨款支出{word}情况说明"))
            self.blocks.append(("table", f"一般公共预算财政拨款支出{word}表（单位：万元）", table_rows))

        # 三公.
        travel = 0 if rng.random() < 0.7 else rng.randint(0, 300)
        reception = rng.randint(0, 900)
        vehicle_run = rng.randint(0, 2000)
        vehicle_buy = 0 if rng.random() < 0.8 else rng.randint(1000, 3000)
        sangong = travel + reception + vehicle_run + vehicle_buy
        stated_sangong = sangong + (rng.randint(1, 50) if self.inconsistent and rng.random() < 0.5 else 0)
        prev = sangong + rng.randint(-300, 300)
        self.blocks.append(("h", f"五、“三公”经费财政拨款支出{word}情况说明"))

        def change(now, before):
            d = now - before
            return "与上年持平" if d == 0 else f"比上年{'增加' if d > 0 else '减少'}{money(abs(d))}万元"

        self.blocks.append(("p", f"{y}年“三公”经费{word}{money(stated_sangong)}万元，{change(sangong, max(prev, 0))}。"
                                 f"其中：因公出国（境）费{money(travel)}万元，{change(travel, travel)}；"
                                 f"公务接待费{money(reception)}万元，{change(reception, reception + 30)}；"
                                 f"公务用车购置及运行维护费{money(vehicle_run + vehicle_buy)}万元，其中公务用车运行维护费"
                                 f"{money(vehicle_run)}万元，主要原因是{rng.choice(REASONS)}；公务用车购置费"
                                 f"{money(vehicle_buy)}万元。"))

        self.blocks.append(("h", "六、其他重要事项的情况说明"))
        running = rng.randint(1000, 40000)
        self.blocks.append(("p", f"（一）机关运行经费。{y}年一般公共预算财政拨款机关运行经费{money(running)}万元，"
                                 f"{change(running, running + rng.randint(-500, 500))}，主要原因是{rng.choice(REASONS)}。"))
        goods, works, services = (rng.randint(0, 5000) for _ in range(3))
        self.blocks.append(("p", f"（二）政府采购情况。本部门政府采购{word}总额{money(goods + works + services)}万元："
                                 f"政府采购货物{word}{money(goods)}万元、政府采购工程{word}{money(works)}万元、"
                                 f"政府采购服务{word}{money(services)}万元。"))
        general, duty = rng.randint(0, 3), rng.randint(0, 6)
        self.blocks.append(("p", f"（三）国有资产占有使用情况。截至{y - (1 if budget else 0)}年12月31日，本部门共有车辆"
                                 f"{general + duty}辆，其中一般公务用车{general}辆、执勤执法用车{duty}辆。"))
        if not small:
            self.blocks.append(("p", f"（四）绩效目标设置情况。{y}年项目支出均实行了绩效目标管理，涉及一般公共预算当年"
                                     f"财政拨款{money(project)}万元。"))

        # Sub-units, each a few paragraphs of its own figures.
        tail_blocks = []
        for s in range(subunits):
            name = f"{self.county}{rng.choice(self.topics)}{rng.choice(SUBUNIT_KINDS)}"
            share = rng.randint(1000, 20000)
            tail_blocks.append(("p", f"（{s + 5}）下属单位情况。{name}为本部门所属公益一类事业单位，主要承担"
                                     f"{rng.choice(self.topics)}和{rng.choice(self.topics)}等技术服务工作，事业编制"
                                     f"{rng.randint(5, 30)}名。{y}年安排该单位支出{money(share)}万元，其中基本支出"
                                     f"{money(share * 2 // 3)}万元，项目支出{money(share - share * 2 // 3)}万元。"))
        self.blocks.extend(tail_blocks)

        self.blocks.append(("h", "七、专业名词解释"))
        for i, (term, meaning) in enumerate(GLOSSARY[: 0 if small else rng.randint(3, len(GLOSSARY))]):
            self.blocks.append(("p", f"（{'一二三四五六'[i]}）{term}：{meaning}"))
        person = rng.choice(SURNAMES) + rng.choice(GIVEN)
        self.blocks.append(("p", f"部门{word}公开联系人：{person}    联系方式：{self.area}-{rng.randint(2000000, 8999999)}"))

        # Grow to the target with function-class rows and project paragraphs (inserted before 七).
        code = 20101
        insert_at = self.blocks.index(("h", "七、专业名词解释"))
        n = 0
        while not small and self.size() < self.target:
            if n % 3 == 2:
                topic = rng.choice(self.topics)
                amount = rng.randint(100, 50000)
                self.blocks.insert(insert_at, ("p", f"{topic}专项资金项目{n}：{y}年安排{money(amount)}万元，主要用于"
                                                    f"{topic}能力提升、设施设备购置和日常运行保障，绩效目标为"
                                                    f"完成率不低于{rng.randint(85, 100)}%，群众满意度不低于90%。"))
                insert_at += 1
            else:
                a, b = rng.randint(0, 20000), rng.randint(0, 20000)
                table_rows.append([str(code), f"{rng.choice(self.topics)}{rng.choice(['事务', '管理', '运行', '其他支出'])}",
                                   money(a + b), money(a), money(b)])
                code += 1
            n += 1

    def text(self):
        out = []
        for block in self.blocks:
            if block[0] == "table":
                out.append(block[1])
                out.extend("  ".join(row) for row in block[2])
            else:
                out.append(block[1])
        return "\n\n".join(out) + "\n"

    def html(self):
        out = ['<!DOCTYPE html>', '<html lang="zh-CN">', '<head>', '<meta charset="utf-8">',
               f'<title>{html.escape(self.unit)}{self.year}年情况说明</title>',
               '<style>p { text-indent: 2em; } td { border: 1px solid #999; }</style>', '</head>', '<body>',
               '<div class="article">']
        for block in self.blocks:
            if block[0] == "h":
                out.append(f"<h2>{html.escape(block[1])}</h2>")
            elif block[0] == "p":
                out.append(f"<p>{html.escape(block[1])}</p>")
            else:
                out.append(f"<p>{html.escape(block[1])}</p>")
                out.append('<table border="1" cellspacing="0">')
                for row in block[2]:
                    out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
                out.append("</table>")
        out.extend(["</div>", "</body>", "</html>"])
        return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--count", type=int, default=20, help="documents per size")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES_KB)), help="sizes in KB, comma-separated")
    args = parser.parse_args()
    manifest = []
    for kb in (int(s) for s in args.sizes.split(",")):
        folder = os.path.join(args.out, f"{kb}k")
        os.makedirs(folder, exist_ok=True)
        for i in range(args.count):
            rng = random.Random(args.seed * 1_000_003 + kb * 10_007 + i)
            doc = Document(rng, kb * 1024 - 200, i + kb)
            variants = {
                "utf8.txt": doc.text().encode("utf-8"),
                "gb18030.txt": doc.text().encode("gb18030"),
                "html": doc.html().encode("utf-8"),
            }
            for suffix, data in variants.items():
                path = os.path.join(folder, f"{i:04d}.{suffix}")
                with open(path, "wb") as f:
                    f.write(data)
                manifest.append(f"{kb}k/{i:04d}.{suffix}\t{suffix}\t{len(data)}\t{doc.kind}\t{doc.unit}")
    with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
