<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Columns</name>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="101" />
        <location filename="../../twindesk/ui/table_model.py" line="121" />
        <source>Local place</source>
        <translation>本方城市</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="102" />
        <location filename="../../twindesk/ui/table_model.py" line="122" />
        <source>Partner place</source>
        <translation>外方城市</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="103" />
        <location filename="../../twindesk/ui/table_model.py" line="116" />
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="104" />
        <location filename="../../twindesk/ui/table_model.py" line="117" />
        <source>Continent</source>
        <translation>大洲</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="105" />
        <source>Kind</source>
        <translation>关系类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="106" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="107" />
        <location filename="../../twindesk/ui/table_model.py" line="125" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="108" />
        <source>Established</source>
        <translation>结好日期</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="109" />
        <source>Ended</source>
        <translation>终止日期</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="112" />
        <source>English name</source>
        <translation>英文名</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="113" />
        <source>Chinese name</source>
        <translation>中文名</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="114" />
        <source>Native name</source>
        <translation>当地文字名</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="115" />
        <location filename="../../twindesk/ui/table_model.py" line="129" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="120" />
        <location filename="../../twindesk/ui/table_model.py" line="128" />
        <location filename="../../twindesk/ui/table_model.py" line="137" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="123" />
        <location filename="../../twindesk/ui/table_model.py" line="130" />
        <source>Start</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="124" />
        <location filename="../../twindesk/ui/table_model.py" line="131" />
        <source>End</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="132" />
        <source>Venue</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="133" />
        <source>Participants</source>
        <translation>参加人数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="136" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="138" />
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="139" />
        <source>Place</source>
        <translation>所在地</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="140" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/table_model.py" line="141" />
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="103" />
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="132" />
        <source>Pairings in force</source>
        <translation>现行结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="132" />
        <source>Pairings</source>
        <translation>结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="133" />
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="133" />
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="134" />
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="134" />
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="137" />
        <source>Pairings by continent</source>
        <translation>按大洲统计结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="139" />
        <source>Pairings by country (top 10)</source>
        <translation>按国家统计结好关系（前 10）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="142" />
        <source>%1s</source>
        <translation>%1年代</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="143" />
        <source>Pairings by decade established</source>
        <translation>按结好年代统计</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="144" />
        <source>Pairings by kind</source>
        <translation>按关系类型统计</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="146" />
        <source>Exchanges per year</source>
        <translation>每年交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="148" />
        <source>Programmes expiring within 6 months</source>
        <translation>6 个月内到期的合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="155" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="157" />
        <source>Recently changed</source>
        <translation>最近修改</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="161" />
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="161" />
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="161" />
        <source>deleted</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="51" />
        <source>Search by English or Chinese name, pinyin or initials</source>
        <translation>按英文名、中文名、拼音或拼音首字母搜索</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="80" />
        <source>Years</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="104" />
        <location filename="../../twindesk/ui/list_page.py" line="113" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="110" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="115" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="134" />
        <source>All countries</source>
        <translation>全部国家</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="134" />
        <source>All continents</source>
        <translation>全部大洲</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="135" />
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="135" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="136" />
        <source>All levels</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="136" />
        <source>All fields</source>
        <translation>全部领域</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="137" />
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="81" />
        <source>Dashboard</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="82" />
        <source>Pairings</source>
        <translation>结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="82" />
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="83" />
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="83" />
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="84" />
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="94" />
        <source>Lists</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="122" />
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="123" />
        <source>&amp;Open register…</source>
        <translation>打开登记册(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="124" />
        <source>New &amp;register…</source>
        <translation>新建登记册(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="126" />
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="127" />
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="129" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="131" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="133" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="135" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="136" />
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="137" />
        <source>&amp;Reports…</source>
        <translation>报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="139" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="141" />
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="147" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="153" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="155" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/main_window.py" line="190" />
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform></translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="232" />
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="234" />
        <source>This also affects:</source>
        <translation>此操作还会影响：</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="236" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="282" />
        <source>Open register</source>
        <translation>打开登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="283" />
        <source>TwinDesk registers (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>TwinDesk 登记册 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="288" />
        <source>New register</source>
        <translation>新建登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="289" />
        <source>TwinDesk registers (*.sqlite3)</source>
        <translation>TwinDesk 登记册 (*.sqlite3)</translation>
    </message>
</context>
<context>
    <name>PairingView</name>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="40" />
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="43" />
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="45" />
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="45" />
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="46" />
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="62" />
        <source>Attach file…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="63" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="64" />
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="74" />
        <source>Documents</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="104" />
        <source>Attach file</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="124" />
        <source>Save attachment in folder</source>
        <translation>将附件保存到文件夹</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="234" />
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="253" />
        <source>One per line</source>
        <translation>每行一项</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="281" />
        <source>1979, 1979-03 or 1979-03-14</source>
        <translation>1979、1979-03 或 1979-03-14</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="441" />
        <source>Discard the changes you made?</source>
        <translation>放弃所做的修改？</translation>
    </message>
</context>
<context>
    <name>RecordListPicker</name>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="146" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="147" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="34" />
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="42" />
        <source>Annual report</source>
        <translation>年度报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="42" />
        <source>Pairing dossier</source>
        <translation>结好关系档案</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="43" />
        <source>Programmes expiring</source>
        <translation>即将到期的合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="43" />
        <source>Exchanges in a period</source>
        <translation>时间段内的交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="44" />
        <source>Pairings by country</source>
        <translation>按国家列出结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="71" />
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="71" />
        <source>Pairing</source>
        <translation>结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="72" />
        <source>Months ahead</source>
        <translation>未来月数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="73" />
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="73" />
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="83" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="85" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="86" />
        <source>Office</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="88" />
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="92" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="100" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="103" />
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="167" />
        <source>Choose a pairing first.</source>
        <translation>请先选择一个结好关系。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="176" />
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/report_dialog.py" line="193" />
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform></translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="200" />
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="211" />
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/report_dialog.py" line="227" />
        <source>The printer could not be used.</source>
        <translation>无法使用该打印机。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="50" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="54" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="63" />
        <source>In the interface language (March 1979, 1979年3月)</source>
        <translation>按界面语言（1979年3月、March 1979）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="64" />
        <source>ISO (1979-03)</source>
        <translation>ISO 格式（1979-03）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="67" />
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="68" />
        <source>Office name (on reports)</source>
        <translation>单位名称（用于报告）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="69" />
        <source>Operator (recorded with changes)</source>
        <translation>操作人（随修改记录）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/settings.py" line="70" />
        <source>Dates</source>
        <translation>日期显示</translation>
    </message>
</context>
<context>
    <name>VocabularyPage</name>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="20" />
        <source>Kinds of relationship</source>
        <translation>关系类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="20" />
        <source>Levels</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="21" />
        <source>Pairing statuses</source>
        <translation>结好状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="22" />
        <source>Fields of cooperation</source>
        <translation>合作领域</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="23" />
        <source>Exchange types</source>
        <translation>交流活动类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="23" />
        <source>Place types</source>
        <translation>地点类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="24" />
        <source>Programme statuses</source>
        <translation>项目状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="33" />
        <location filename="../../twindesk/ui/vocabulary_page.py" line="48" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="33" />
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="33" />
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="34" />
        <source>Used by</source>
        <translation>使用次数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="41" />
        <source>Add to list</source>
        <translation>加入列表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="44" />
        <source>Remove unused term</source>
        <translation>删除未使用的条目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="49" />
        <source>English label</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="50" />
        <source>Chinese label</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="56" />
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="82" />
        <source>Lists</source>
        <translation>列表</translation>
    </message>
</context>
</TS>