import DisclosureHTML
import Testing

@Suite struct HTMLTextExtractorTests {
    private func extract(_ html: String) throws -> HTMLDocument {
        try HTMLTextExtractor().extract(utf8: Array(html.utf8))
    }

    @Test func blocksAndLineBreaksBecomeLines() throws {
        let page = try extract(
            """
            <html><body><h2>一、部门基本情况</h2><p>第一段
              文字</p><div>第二段<br>换行</div><ul><li>甲</li><li>乙</li></ul>尾</body></html>
            """
        )
        #expect(page.text == "一、部门基本情况\n第一段 文字\n第二段\n换行\n甲\n乙\n尾")
    }

    @Test func inlineElementsDoNotBreakLines() throws {
        let page = try extract("<p>收入<span style=\"color:red\">1651.99</span><b>万元</b>，<a href=x>详见</a>表</p>")
        #expect(page.text == "收入1651.99万元，详见表")
    }

    @Test func entitiesAndNonBreakingSpacesAreDecoded() throws {
        let page = try extract("<p>&ldquo;三公&rdquo;经费&nbsp;&nbsp;12.5&#19975;&#x5143; &amp; &lt;b&gt; &copy;</p>")
        #expect(page.text == "“三公”经费 12.5万元 & <b> ©")
    }

    @Test func scriptsStylesCommentsAndHeadAreDropped() throws {
        let page = try extract(
            """
            <html><head><title> 某局 2024年 预算 </title><style>p{color:red}</style>
            <script>var s = "</div>不要";</script></head>
            <body><!-- 注释 --><p>正文</p><script type="text/javascript">document.write("x")</script>
            <noscript>请启用</noscript><p>结尾</p></body></html>
            """
        )
        #expect(page.text == "正文\n结尾")
        #expect(page.title == "某局 2024年 预算")
    }

    @Test func tableRowsAreLinesAndCellsAreTabSeparated() throws {
        let page = try extract(
            """
            <p>前文</p><table><caption>支出表（单位：万元）</caption>
            <tr><th>编码</th><th>科目</th><th>金额</th></tr>
            <tr><td>201</td><td>一般公共<br>服务支出</td><td> 1,335.23 </td></tr>
            <tr><td></td><td>合计</td><td><p>1651.99</p></td></tr></table><p>后文</p>
            """
        )
        #expect(
            page.text == "前文\n支出表（单位：万元）\n编码\t科目\t金额\n201\t一般公共 服务支出\t1,335.23\n\t合计\t1651.99\n后文"
        )
        #expect(page.tables.count == 1)
        #expect(page.tables.first?.caption == "支出表（单位：万元）")
        let range = try #require(page.tables.first?.textRange)
        let tableText = String(decoding: Array(page.text.utf8)[range], as: UTF8.self)
        #expect(tableText == "支出表（单位：万元）\n编码\t科目\t金额\n201\t一般公共 服务支出\t1,335.23\n\t合计\t1651.99")
        #expect(
            page.tables.first?.rows == [
                ["编码", "科目", "金额"], ["201", "一般公共 服务支出", "1,335.23"], ["", "合计", "1651.99"],
            ]
        )
    }

    @Test func nestedTablesAreRecordedInDocumentOrder() throws {
        let page = try extract(
            "<table><tr><td>外</td><td><table><tr><td>内1</td><td>内2</td></tr></table></td></tr></table>"
        )
        #expect(page.tables.count == 2)
        #expect(page.tables.first?.rows == [["外", "内1 内2"]])
        #expect(page.tables.last?.rows == [["内1", "内2"]])
        #expect(page.text == "外\t内1 内2")
    }

    @Test func wordSavedHTMLReadsCleanly() throws {
        let page = try extract(
            """
            <html xmlns:o="urn:schemas-microsoft-com:office:office"><head><!--[if gte mso 9]><xml>
            <o:DocumentProperties>x</o:DocumentProperties></xml><![endif]--></head><body lang=ZH-CN>
            <p class=MsoNormal align=center><b><span style='font-size:16.0pt'>某局2024年部门预算<o:p></o:p></span></b></p>
            <p class=MsoListParagraph><![if !supportLists]><span>1.<span style='font:7.0pt'>&nbsp;&nbsp; </span></span>
            <![endif]>收入预算<span lang=EN-US>100.00</span>万元。<o:p></o:p></p><p class=MsoNormal>&nbsp;</p>
            <table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>项目<o:p></o:p></p></td>
            <td><p>金额</p><p>（万元）</p></td></tr><tr><td><font face="宋体"><font size=2>合计</td><td>100.00</td></tr>
            </table><textarea>输入</textarea><select><option>选项</option></select></body></html>
            """
        )
        #expect(page.text == "某局2024年部门预算\n1. 收入预算100.00万元。\n项目\t金额 （万元）\n合计\t100.00")
        #expect(page.tables.first?.rows == [["项目", "金额 （万元）"], ["合计", "100.00"]])
    }

    @Test func rowAndColumnSpansKeepColumnsAligned() throws {
        let page = try extract(
            """
            <table>
            <tr><td rowspan="2">项目</td><td colspan=2>本年预算</td><td rowspan=2>上年</td></tr>
            <tr><td>基本</td><td>项目</td></tr>
            <tr><td>合计</td><td>1.00</td><td>2.00</td><td>3.00</td></tr>
            <tr><td rowspan=3>分类</td><td>4</td></tr>
            <tr><td>5</td><td colspan="0">6</td><td>7</td></tr>
            </table>
            """
        )
        #expect(
            page.tables.first?.rows == [
                ["项目", "本年预算", "", "上年"], ["", "基本", "项目", ""], ["合计", "1.00", "2.00", "3.00"],
                ["分类", "4"], ["", "5", "6", "7"],
            ]
        )
    }

    @Test func hostileSpansAreCapped() throws {
        let html =
            "<table><tr><td colspan=99999999999 rowspan=99999999>x</td></tr>"
            + String(repeating: "<tr><td>y</td></tr>", count: 1000) + "</table>"
        let page = try extract(html)
        let rows = try #require(page.tables.first?.rows)
        #expect(rows.first?.count == 64)
        #expect(rows.count == 1001)
        #expect(rows.allSatisfy { $0.count <= 65 })
    }

    @Test func preformattedTextKeepsItsLines() throws {
        let page = try extract("<pre>项目   金额\n合计   10</pre>")
        #expect(page.text == "项目   金额\n合计   10")
    }

    @Test func tenThousandNestedTagsNeitherCrashNorLoseText() throws {
        for tag in ["div", "span", "table", "b"] {
            let html =
                String(repeating: "<\(tag)>", count: 10_000) + "深处" + String(repeating: "</\(tag)>", count: 10_000)
            let page = try extract(html)
            #expect(page.text == "深处", "\(tag)")
        }
        let unclosed = String(repeating: "<div><p><table><tr><td>", count: 10_000) + "x"
        _ = try extract(unclosed)
    }

    @Test func pagesDeeperThanLibxml2sLimitKeepAllTheirText() throws {
        let html =
            "<html><head><title>标题</title></head><body>" + String(repeating: "<div>", count: 300)
            + "<p>第一段&nbsp;&amp;&#20803;</p><script>var x = '<p>不要</p>';</script><!-- 注释 -->"
            + "<table><tr><td>甲</td><td>乙</td></tr><tr><td>丙</td><td>丁</td></tr></table>尾"
        let page = try extract(html)
        #expect(page.text == "第一段 &元\n甲\t乙\n丙\t丁\n尾")
        #expect(page.title == "标题")
    }

    @Test func concurrentExtractionsAgree() async throws {
        let html = Array(
            ("<table><caption>表</caption>" + String(repeating: "<tr><td>项目</td><td>1.00</td></tr>", count: 200)
                + "</table><p>&ldquo;三公&rdquo;</p>").utf8
        )
        let expected = try HTMLTextExtractor().extract(utf8: html)
        let results = await withTaskGroup(of: HTMLDocument?.self) { group in
            for _ in 0..<16 { group.addTask { try? HTMLTextExtractor().extract(utf8: html) } }
            var results: [HTMLDocument?] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func garbageAndFragmentsDoNotCrash() throws {
        let inputs = [
            "", "   ", "<", "</", "<<<>>>", "<p", "<table><td>孤立单元格", "</div></div>文本", "<!-- 未结束", "<script>",
            "&#xD800;&#0;&#99999999;", "<p>\u{0}中\u{0}文</p>", "<html><meta charset=gb2312><p>文本</p>",
        ]
        for input in inputs {
            _ = try extract(input)
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? HTMLTextExtractor().extract(utf8: bytes)
        }
    }

    @Test func aStaleMetaCharsetDoesNotReDecodeUTF8() throws {
        let page = try extract("<html><head><meta charset=\"gb2312\"></head><body><p>重庆市铜梁区</p></body></html>")
        #expect(page.text == "重庆市铜梁区")
    }

    @Test func textOverTheLimitFails() {
        let html = "<p>" + String(repeating: "预算", count: 1000) + "</p>"
        #expect(throws: HTMLTextError.textTooLarge(limit: 100)) {
            try HTMLTextExtractor(maximumTextBytes: 100).extract(utf8: Array(html.utf8))
        }
    }

    @Test func deepTablesPastTheLimitAreTextOnly() throws {
        let html = String(repeating: "<table><tr><td>格", count: 10) + String(repeating: "</td></tr></table>", count: 10)
        let page = try HTMLTextExtractor(maximumTableDepth: 3).extract(utf8: Array(html.utf8))
        #expect(page.tables.count == 3)
        #expect(page.text == String(repeating: "格 ", count: 9) + "格")
    }
}
