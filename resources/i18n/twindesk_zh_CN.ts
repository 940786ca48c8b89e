<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="133"/>
        <source>About TwinDesk</source>
        <translation>关于 TwinDesk</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="136"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="144"/>
        <source>A register of sister-city (friendship city) relationships for foreign-affairs offices. TwinDesk is free software under the MIT licence. It works offline: it sends nothing over the network and collects no usage data.</source>
        <translation>供外事部门使用的友好城市（姐妹城市）关系登记册。TwinDesk 是采用 MIT 许可证的自由软件，完全离线工作：不通过网络发送任何内容，也不收集使用数据。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="152"/>
        <source>Data folder: %1
Log folder: %2</source>
        <translation>数据文件夹：%1
日志文件夹：%2</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="163"/>
        <source>Part</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="163"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="163"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="177"/>
        <source>Parts included in TwinDesk, with their licences:</source>
        <translation>TwinDesk 所含组件及其许可证：</translation>
    </message>
</context>
<context>
    <name>BlockedDialog</name>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="117"/>
        <source>Cannot delete yet</source>
        <translation>暂时无法删除</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="121"/>
        <source>Open one of them to change it, end it or delete it first:</source>
        <translation>请先打开其中一项，修改、终止或删除它：</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="136"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>ChangeLog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/change_log.py" line="61"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/change_log.py" line="76"/>
        <source>Export the change log</source>
        <translation>导出修改记录</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/change_log.py" line="78"/>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
</context>
<context>
    <name>CommitPage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="408"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="411"/>
        <source>All rows are written in one step: if it is cancelled or fails, the register stays exactly as it was.</source>
        <translation>所有行一次写入：如果取消或失败，登记册保持原样不变。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="416"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="452"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="177"/>
        <source>Connect to a server register</source>
        <translation>连接服务器上的登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="180"/>
        <source>e.g. db.office.local, or a socket folder</source>
        <translation>例如 db.office.local，或套接字文件夹</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="192"/>
        <source>Use TLS (an encrypted connection)</source>
        <translation>使用 TLS（加密连接）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="196"/>
        <source>Not needed, and not used, when the host is a socket folder on this computer</source>
        <translation>主机为本机的套接字文件夹时无需也不使用</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="198"/>
        <source>Keep the password in the system keyring</source>
        <translation>将密码保存在系统密钥环中</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="205"/>
        <source>No system keyring: the password is asked each time, never saved</source>
        <translation>没有系统密钥环：每次询问密码，从不保存</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="208"/>
        <source>Server (host)</source>
        <translation>服务器（主机）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="209"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="210"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="211"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="212"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="221"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="225"/>
        <source>Test</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/connect.py" line="273"/>
        <source>Give the name of the database on the server.</source>
        <translation>请填写服务器上的数据库名称。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="145"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="191"/>
        <source>Pairings in force</source>
        <translation>现行结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="192"/>
        <source>Pairings</source>
        <translation>结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="193"/>
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="194"/>
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="195"/>
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="196"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="202"/>
        <source>Pairings by continent</source>
        <translation>按大洲统计结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="210"/>
        <source>Pairings by country (top 10)</source>
        <translation>按国家统计结好关系（前 10）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="217"/>
        <source>%1s</source>
        <translation>%1&lt;br&gt;年代</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="218"/>
        <source>Pairings by decade established</source>
        <translation>按结好年代统计</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="221"/>
        <source>Pairings by kind</source>
        <translation>按关系类型统计</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="227"/>
        <source>Exchanges per year</source>
        <translation>每年交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="229"/>
        <source>Programmes expiring within 6 months</source>
        <translation>6 个月内到期的合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="238"/>
        <location filename="../../twindesk/ui/dashboard.py" line="302"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="240"/>
        <source>Recently changed</source>
        <translation>最近修改</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="245"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="246"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="247"/>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="261"/>
        <source>Pairings in force by country group</source>
        <translation>按国家集团统计的存续结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="290"/>
        <source>Round anniversaries this year and next</source>
        <translation>今明两年逢五逢十的结好纪念</translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/dashboard.py" line="296"/>
        <source>%n year(s)</source>
        <translation>
            <numerusform>%n 周年</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="304"/>
        <source>Export to calendar (.ics)…</source>
        <translation>导出到日历（.ics）…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="308"/>
        <source>The anniversaries and the programmes&apos; end dates, for Outlook or another calendar</source>
        <translation>结好纪念日和合作项目到期日，可导入 Outlook 等日历</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dashboard.py" line="326"/>
        <source>Pairings in a status that counts as in force (Lists &gt; Pairing statuses)</source>
        <translation>状态计为现行的结好关系（列表 &gt; 结好状态）</translation>
    </message>
</context>
<context>
    <name>DuplicatesModel</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="244"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="245"/>
        <source>Same as</source>
        <translation>重复于</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="246"/>
        <source>In the file</source>
        <translation>文件中的内容</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="248"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="247"/>
        <source>Would change (now → file)</source>
        <translation>将改动（现有 → 文件）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="251"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="252"/>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="253"/>
        <source>Keep both</source>
        <translation>两者都保留</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="288"/>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="306"/>
        <source>Nothing would change</source>
        <translation>无改动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="309"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="310"/>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="317"/>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="307"/>
        <source>Duplicates</source>
        <translation>重复记录</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="310"/>
        <source>These rows repeat a record already in the register, or an earlier row of the file. Choose for each, or for all at once.</source>
        <translation>这些行与登记册中已有的记录或文件中前面的行重复。请逐行选择，或一次为全部选择。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="336"/>
        <source>Apply to all</source>
        <translation>应用于全部</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="343"/>
        <source>For all rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="375"/>
        <source>Row %1 would change:</source>
        <translation>第 %1 行将改动：</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="391"/>
        <source>Applying the choices…</source>
        <translation>正在应用所选操作…</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/error_dialog.py" line="66"/>
        <source>TwinDesk could not start because of an unexpected error.</source>
        <translation>TwinDesk 因意外错误无法启动。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/error_dialog.py" line="79"/>
        <source>Something unexpected went wrong. TwinDesk is still running, and everything saved before the error is safe.</source>
        <translation>发生了意外错误。TwinDesk 仍在运行，出错前已保存的内容都安全无损。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/error_dialog.py" line="87"/>
        <source>The details were written to the log file:
%1</source>
        <translation>详细信息已写入日志文件：
%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/error_dialog.py" line="90"/>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="109"/>
        <source>Export whole register</source>
        <translation>导出整个登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="111"/>
        <source>Every table of the register in one Excel workbook: one sheet per table, with the records&apos; numbers and the links between them, the vocabularies and the attached documents. It can be restored into a new, empty register (twindesk restore-export).</source>
        <translation>将登记册的全部数据导出为一个 Excel 工作簿：每个数据表一个工作表，包含记录编号及其相互关联、各类词表和附件。可恢复到新的空登记册（twindesk restore-export）。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="117"/>
        <source>Export list</source>
        <translation>导出列表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="120"/>
        <source>%1 and %2 of this list, as the table shows them: its search, filters, sort and visible columns.</source>
        <translation>按表格当前显示导出本列表的 %1、%2：包括搜索、筛选、排序和显示的列。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="132"/>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="134"/>
        <source>CSV, UTF-8 (.csv)</source>
        <translation>CSV，UTF-8 编码（.csv）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="144"/>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="144"/>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="151"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="152"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="153"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="160"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="155"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="164"/>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="168"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="199"/>
        <source>Choose a file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="232"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="245"/>
        <source>Wrote %1 on %2 to %3.</source>
        <translation>已将 %1（%2）写入 %3。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="253"/>
        <source>Wrote %1 to %2.</source>
        <translation>已将 %1写入 %2。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="263"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="72"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="75"/>
        <source>Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) or CSV. Nothing is written to the register before the last step.</source>
        <translation>Excel（.xlsx、.xlsm、.xls）、OpenDocument（.ods）或 CSV。最后一步之前不会向登记册写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="82"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="104"/>
        <source>Import a spreadsheet</source>
        <translation>导入电子表格</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="106"/>
        <source>Spreadsheets (%1);;All files (*)</source>
        <translation>电子表格 (%1);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>GroupsDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="178"/>
        <source>Country groups</source>
        <translation>国家集团</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="188"/>
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="188"/>
        <source>Joined</source>
        <translation>加入日期</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="188"/>
        <source>Left</source>
        <translation>退出日期</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="207"/>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="210"/>
        <source>Remove member</source>
        <translation>移除成员</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="213"/>
        <source>New group…</source>
        <translation>新建集团…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="216"/>
        <source>Delete group</source>
        <translation>删除集团</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="219"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="232"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="233"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="242"/>
        <source>Members (dates as 2001, 2001-06 or 2001-06-15; empty when not known)</source>
        <translation>成员国（日期写作 2001、2001-06 或 2001-06-15；不详则留空）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="346"/>
        <source>Name of the new group</source>
        <translation>新集团名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="372"/>
        <source>Delete the group %1?</source>
        <translation>删除集团“%1”吗？</translation>
    </message>
</context>
<context>
    <name>HeaderPage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="173"/>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="198"/>
        <source>Header row</source>
        <translation>表头行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="176"/>
        <source>The row with the column names is highlighted. If it is not the right one, click the right row or change the number.</source>
        <translation>含列名的行已高亮显示。如果不对，请点击正确的行或修改行号。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="189"/>
        <source>The header has two rows</source>
        <translation>表头占两行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="237"/>
        <source>Data: rows %1 to %2.</source>
        <translation>数据：第 %1 行至第 %2 行。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="242"/>
        <source>Left out at the bottom (totals, notes): rows %1.</source>
        <translation>底部不导入的行（合计、备注）：第 %1 行。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="80"/>
        <source>Import a spreadsheet</source>
        <translation>导入电子表格</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="186"/>
        <source>Reading the sheet…</source>
        <translation>正在读取工作表…</translation>
    </message>
</context>
<context>
    <name>ImportsDialog</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="259"/>
        <source>Imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="265"/>
        <source>Import</source>
        <translation>导入批次</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="266"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="267"/>
        <source>Operator</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="268"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="269"/>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="270"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="271"/>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="272"/>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="281"/>
        <source>Undo this import…</source>
        <translation>撤销此次导入…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="339"/>
        <source>Undo import #%1 (%2)? Everything it added is removed and what it changed is restored.</source>
        <translation>撤销导入批次 #%1（%2）？它新增的内容将全部删除，修改过的内容将恢复。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/wizard.py" line="359"/>
        <source>Undoing…</source>
        <translation>正在撤销…</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="117"/>
        <location filename="../../twindesk/ui/map_page.py" line="537"/>
        <source>Search by English or Chinese name, pinyin or initials</source>
        <translation>按英文名、中文名、拼音或拼音首字母搜索</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="145"/>
        <location filename="../../twindesk/ui/map_page.py" line="555"/>
        <source>In force</source>
        <translation>现行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="148"/>
        <source>The statuses the Lists page counts as in force</source>
        <translation>在“列表”页中计为现行的状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="176"/>
        <location filename="../../twindesk/ui/map_page.py" line="572"/>
        <source>from</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="177"/>
        <location filename="../../twindesk/ui/map_page.py" line="573"/>
        <source>to</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="187"/>
        <location filename="../../twindesk/ui/map_page.py" line="581"/>
        <source>Years</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="191"/>
        <source>Clear all filters</source>
        <translation>清除全部筛选</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="228"/>
        <location filename="../../twindesk/ui/list_page.py" line="237"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="234"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="239"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="247"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="249"/>
        <source>Save this list as it is shown to Excel or CSV</source>
        <translation>将本列表按当前显示导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="265"/>
        <location filename="../../twindesk/ui/map_page.py" line="498"/>
        <source>All countries</source>
        <translation>全部国家</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="266"/>
        <location filename="../../twindesk/ui/map_page.py" line="499"/>
        <source>All continents</source>
        <translation>全部大洲</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="267"/>
        <location filename="../../twindesk/ui/map_page.py" line="500"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="268"/>
        <location filename="../../twindesk/ui/map_page.py" line="501"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="269"/>
        <location filename="../../twindesk/ui/map_page.py" line="502"/>
        <source>All levels</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="270"/>
        <location filename="../../twindesk/ui/map_page.py" line="503"/>
        <source>All fields</source>
        <translation>全部领域</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="271"/>
        <location filename="../../twindesk/ui/map_page.py" line="504"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="272"/>
        <location filename="../../twindesk/ui/map_page.py" line="505"/>
        <source>All country groups</source>
        <translation>全部国家集团</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/list_page.py" line="336"/>
        <source>Clear this filter</source>
        <translation>清除此筛选</translation>
    </message>
</context>
<context>
    <name>LiveUpdates</name>
    <message>
        <location filename="../../twindesk/ui/live.py" line="158"/>
        <source>1 other clerk connected</source>
        <translation>另有 1 位工作人员在线</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/live.py" line="160"/>
        <source>%1 other clerks connected</source>
        <translation>另有 %1 位工作人员在线</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/live.py" line="164"/>
        <source>No other clerk connected</source>
        <translation>没有其他工作人员在线</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="215"/>
        <source>Dashboard</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="205"/>
        <source>Pairings</source>
        <translation>结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="206"/>
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="207"/>
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="208"/>
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="209"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="210"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="211"/>
        <source>Lists</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="249"/>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="251"/>
        <source>&amp;Open register…</source>
        <translation>打开登记册(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="254"/>
        <source>New &amp;register…</source>
        <translation>新建登记册(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="257"/>
        <source>Connect to a ser&amp;ver register…</source>
        <translation>连接服务器登记册(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="259"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="261"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="264"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="266"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="273"/>
        <source>&amp;Merge places…</source>
        <translation>合并地点(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="276"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="278"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="280"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="283"/>
        <source>&amp;Clear all filters</source>
        <translation>清除全部筛选(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="289"/>
        <source>&amp;Reports…</source>
        <translation>报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="292"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="295"/>
        <source>Undo an i&amp;mport…</source>
        <translation>撤销导入(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="298"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="301"/>
        <source>Export &amp;whole register…</source>
        <translation>导出整个登记册(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="307"/>
        <source>Import &amp;templates…</source>
        <translation>导入模板(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="310"/>
        <source>Back &amp;up now</source>
        <translation>立即备份(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="313"/>
        <source>Restore from a bac&amp;kup…</source>
        <translation>从备份恢复(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="320"/>
        <source>Export anniversaries to &amp;calendar…</source>
        <translation>导出纪念日到日历(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="326"/>
        <source>Report &amp;texts…</source>
        <translation>年度报告文字(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="329"/>
        <source>Country &amp;groups…</source>
        <translation>国家集团(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="332"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="335"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="345"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="353"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="357"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="359"/>
        <source>&amp;User guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="365"/>
        <source>&amp;About TwinDesk</source>
        <translation>关于 TwinDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="368"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="550"/>
        <source>Delete %1?</source>
        <translation>删除%1？</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="549"/>
        <location filename="../../twindesk/ui/main_window.py" line="561"/>
        <location filename="../../twindesk/ui/main_window.py" line="596"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="557"/>
        <source>This also affects:</source>
        <translation>此操作还会影响：</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="607"/>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="607"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="156"/>
        <source>Open register</source>
        <translation>打开登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="158"/>
        <source>TwinDesk registers (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>TwinDesk 登记册 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="567"/>
        <source>End the pairing instead…</source>
        <translation>改为终止该结好关系…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="598"/>
        <source>Delete %1?
A backup is made first; if one is still in use, none is deleted.</source>
        <translation>删除 %1？
删除前会先备份；只要其中有一项仍被使用，就一项也不删除。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="781"/>
        <source>New register</source>
        <translation>新建登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/main_window.py" line="783"/>
        <source>TwinDesk registers (*.sqlite3)</source>
        <translation>TwinDesk 登记册 (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/safety.py" line="40"/>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/safety.py" line="69"/>
        <source>Replace the register with the backup %1?
What it holds now is kept as a backup.</source>
        <translation>用备份 %1 替换登记册吗？
当前内容会另存为一份备份。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/safety.py" line="75"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../twindesk/ui/map_page.py" line="589"/>
        <source>Colour by kind</source>
        <translation>按关系类型着色</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/map_page.py" line="590"/>
        <source>Colour by status</source>
        <translation>按状态着色</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/map_page.py" line="597"/>
        <source>Zoom out (-)</source>
        <translation>缩小 (-)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/map_page.py" line="600"/>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/map_page.py" line="603"/>
        <source>Fit</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/map_page.py" line="603"/>
        <source>Show the whole world (0)</source>
        <translation>显示全世界 (0)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/map_page.py" line="654"/>
        <source>%n pairing(s) on the map</source>
        <translation>
            <numerusform>地图上显示 %n 个结好关系</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="255"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="258"/>
        <source>Say what each column holds. The suggestion comes from the column names and what the cells hold; change any of it.</source>
        <translation>请说明每一列的内容。建议根据列名和单元格内容给出，可任意修改。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="273"/>
        <source>Name for this mapping</source>
        <translation>此映射的名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="274"/>
        <source>Save as preset</source>
        <translation>保存为预设</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="280"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="280"/>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="280"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="280"/>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="287"/>
        <source>Keep them in the notes</source>
        <translation>保留到备注中</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="289"/>
        <source>Ignore them</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="298"/>
        <source>e.g. 上海 or Shanghai, when the file names only the partner</source>
        <translation>如 上海 或 Shanghai（文件中只有外方城市时填写）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="320"/>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="325"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="331"/>
        <source>Columns left unmapped</source>
        <translation>未对应的列</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="336"/>
        <source>Local side for the whole file</source>
        <translation>整个文件的本方城市</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="337"/>
        <source>Kind when the file does not say</source>
        <translation>文件未注明时的关系类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="397"/>
        <source>(no preset)</source>
        <translation>（无预设）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="420"/>
        <source>(hidden)</source>
        <translation>（隐藏）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="426"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="441"/>
        <source>Columns TwinDesk is not sure of are marked below (%n): check what they hold before going on.</source>
        <translation>
            <numerusform>TwinDesk 对下方标出的 %n 列不确定：请先核对其内容再继续。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="473"/>
        <source>%1 (confidence %2)</source>
        <translation>%1（置信度 %2）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="477"/>
        <source>Unsure:</source>
        <translation>不确定：</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="541"/>
        <source>Saved the preset “%1”.</source>
        <translation>已保存预设“%1”。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="562"/>
        <source>Check the columns marked “Unsure”, change any that are wrong, then press Next again.</source>
        <translation>请核对标有“不确定”的列，改正有误之处，然后再次点击“下一步”。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="573"/>
        <source>Local side</source>
        <translation>本方城市</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="575"/>
        <source>There is no place “%1” in the register. Create it as the local side of this file?</source>
        <translation>登记册中没有地点“%1”。要把它新建为此文件的本方城市吗？</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/merge_dialog.py" line="49"/>
        <location filename="../../twindesk/ui/dialogs/merge_dialog.py" line="140"/>
        <source>Merge places</source>
        <translation>合并地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/merge_dialog.py" line="55"/>
        <source>These two records will become one place. Choose the record to keep: every pairing, exchange and contact of the other moves to it, the other&apos;s names are kept as aliases (so they still find it), and what only the other has (a Chinese name, coordinates) is filled in. Edit &gt; Undo puts it back.</source>
        <translation>这两条记录将合并为一个地点。请选择要保留的记录：另一条记录的全部结好关系、交流活动和联系人都将转到它名下，另一条记录的名称保留为别名（仍可据此查到），只有另一条记录才有的信息（如中文名、坐标）将补入。可用“编辑 &gt; 撤销”恢复。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/merge_dialog.py" line="73"/>
        <source>Keep %1 (#%2; %3) — pairings: %4, exchanges: %5, contacts: %6</source>
        <translation>保留 %1（#%2；%3）— 结好关系：%4，交流活动：%5，联系人：%6</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/merge_dialog.py" line="91"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/merge_dialog.py" line="111"/>
        <source>Merge places %1</source>
        <translation>合并地点 %1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/merge_dialog.py" line="141"/>
        <source>Select the two records of one place to merge (Ctrl+click).</source>
        <translation>请选择同一地点的两条记录进行合并（按住 Ctrl 单击）。</translation>
    </message>
</context>
<context>
    <name>NarrativeDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="53"/>
        <source>Texts of the annual report</source>
        <translation>年度报告文字</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="56"/>
        <source>Foreword (前言)</source>
        <translation>前言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="57"/>
        <source>Overview (工作概述)</source>
        <translation>工作概述</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="58"/>
        <source>Main results (主要成效)</source>
        <translation>主要成效</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="59"/>
        <source>Problems (存在问题)</source>
        <translation>存在问题</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="60"/>
        <source>Next steps (下一步工作)</source>
        <translation>下一步工作</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="72"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="72"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="82"/>
        <source>Each paragraph on its own line. A report in one language prints the other language&apos;s text where its own is empty; empty sections are left out.</source>
        <translation>每段一行。某一语言的报告在该语言文字为空时使用另一语言的文字；空白部分不列入报告。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="95"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="142"/>
        <source>Save the texts of %1 first?</source>
        <translation>先保存%1年的文字吗？</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="158"/>
        <source>Save the changes?</source>
        <translation>保存修改吗？</translation>
    </message>
</context>
<context>
    <name>OpenProblem</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/open_problem.py" line="50"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/open_problem.py" line="53"/>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/open_problem.py" line="56"/>
        <source>Open read-only</source>
        <translation>以只读方式打开</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/open_problem.py" line="57"/>
        <source>Open another register…</source>
        <translation>打开其他登记册…</translation>
    </message>
</context>
<context>
    <name>PairingView</name>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="62"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="65"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="68"/>
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="69"/>
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="70"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="73"/>
        <source>New programme…</source>
        <translation>新建合作项目…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="74"/>
        <source>New exchange…</source>
        <translation>新建交流活动…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="75"/>
        <source>New contact…</source>
        <translation>新建联系人…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="116"/>
        <source>Attach file…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="117"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="118"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="129"/>
        <source>Documents</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="186"/>
        <source>Attach file</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pairing_view.py" line="212"/>
        <source>Save attachment in folder</source>
        <translation>将附件保存到文件夹</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="55"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="61"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="67"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="71"/>
        <source>Fit page</source>
        <translation>整页</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="75"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="81"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="92"/>
        <source>Page number: type one and press Enter</source>
        <translation>页码：输入页码后按回车键</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/pdf_preview.py" line="160"/>
        <source>of %1</source>
        <translation>共 %1 页</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <location filename="../../twindesk/ui/permissions.py" line="55"/>
        <source>Viewer: you can read the register, not change it</source>
        <translation>查看者：您可以查阅登记册，但不能修改</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/permissions.py" line="58"/>
        <source>Editor: you can change records; the lists are the administrator&apos;s</source>
        <translation>编辑者：您可以修改记录；词表由管理员维护</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/permissions.py" line="61"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/permissions.py" line="86"/>
        <source>Your role on this register is to read it</source>
        <translation>您在此登记册中的角色只能查阅</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="123"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="123"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="123"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="125"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="126"/>
        <source>Warning</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="127"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="130"/>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="131"/>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="132"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="133"/>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/models.py" line="228"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="55"/>
        <source>Check the rows</source>
        <translation>检查各行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="58"/>
        <source>Nothing has been written yet. Rows in red will not be imported; rows in yellow will, but deserve a look.</source>
        <translation>尚未写入任何内容。红色的行不会导入；黄色的行会导入，但值得检查一下。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="68"/>
        <source>All rows</source>
        <translation>所有行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="69"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="70"/>
        <source>Warnings</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="71"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="81"/>
        <source>Show only the rows with this kind of problem</source>
        <translation>只显示有此类问题的行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="100"/>
        <source>Questions only you can answer</source>
        <translation>需要您回答的问题</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="112"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="138"/>
        <source>Checking every row…</source>
        <translation>正在检查每一行…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="153"/>
        <source>%1: %2 to add, %3 to update, %4 skipped, %5 with errors (not imported), %6 with warnings; new places: %7.</source>
        <translation>共 %1：新增 %2 条，更新 %3 条，跳过 %4 条，有错误 %5 条（不导入），有提示 %6 条；新建地点 %7 个。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="180"/>
        <source>All kinds of problem</source>
        <translation>所有问题类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="183"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="210"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="217"/>
        <source>(rows %1)</source>
        <translation>（第 %1 行）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="227"/>
        <source>…and %1 more places not found in the register or the gazetteer.</source>
        <translation>……另有 %1 个地点在登记册和地名库中均未找到。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="236"/>
        <source>Create every place not found as a new place</source>
        <translation>将所有未找到的地点新建为地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="261"/>
        <source>No problems in this row.</source>
        <translation>此行没有问题。</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../../twindesk/ui/qt_strings.py" line="18"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/qt_strings.py" line="19"/>
        <source>File Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/qt_strings.py" line="20"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/qt_strings.py" line="21"/>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/qt_strings.py" line="22"/>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../twindesk/ui/qt_strings.py" line="14"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/qt_strings.py" line="15"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../twindesk/ui/smoke.py" line="61"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="489"/>
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="511"/>
        <source>One per line</source>
        <translation>每行一项</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="551"/>
        <source>1979, 1979-03 or 1979-03-14</source>
        <translation>1979、1979-03 或 1979-03-14</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="603"/>
        <source>Change &amp;log…</source>
        <translation>修改记录(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="775"/>
        <source>Discard the changes you made?</source>
        <translation>放弃所做的修改？</translation>
    </message>
</context>
<context>
    <name>RecordListPicker</name>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="376"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="377"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="201"/>
        <source>Not in the register yet: choose it to add it from the gazetteer</source>
        <translation>登记册中尚无此地：选择后将从地名库添加</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="205"/>
        <source>New place “%1”…</source>
        <translation>新建地点“%1”…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="252"/>
        <source>Add this place to the register?</source>
        <translation>将此地点添加到登记册？</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="260"/>
        <source>Its region, %1, is added too.</source>
        <translation>其所属地区“%1”也将一并添加。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="266"/>
        <location filename="../../twindesk/ui/forms.py" line="278"/>
        <source>Add place</source>
        <translation>添加地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="318"/>
        <source>No such place</source>
        <translation>没有该地点</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/forms.py" line="319"/>
        <source>There is no place “%1” in the register. Create it?</source>
        <translation>登记册中没有地点“%1”。要新建吗？</translation>
    </message>
</context>
<context>
    <name>ReportContent</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_content.py" line="395"/>
        <source>Save the calendar</source>
        <translation>保存日历</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="56"/>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="68"/>
        <source>Annual report</source>
        <translation>年度报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="69"/>
        <source>Pairing dossier</source>
        <translation>结好关系档案</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="70"/>
        <source>Programmes expiring</source>
        <translation>即将到期的合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="71"/>
        <source>Exchanges in a period</source>
        <translation>时间段内的交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="72"/>
        <source>Pairings by country</source>
        <translation>按国家列出结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="81"/>
        <source>Count pairings without a date as in force</source>
        <translation>未记录日期的结好关系计为存续</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="86"/>
        <source>Pairings whose date of establishment is not recorded: count them as in force in every year, or leave them out. The report says how many there are either way.</source>
        <translation>未记录结好日期的结好关系：计为各年均存续，或不计入。报告都会说明其数量。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="90"/>
        <source>Also count by the country at signing</source>
        <translation>同时按结好时所属国家统计</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="91"/>
        <source>Texts of the report…</source>
        <translation>报告文字…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="95"/>
        <source>The year&apos;s foreword, overview, results, problems and next steps, in Chinese and English</source>
        <translation>本年度的前言、工作概述、主要成效、存在问题和下一步工作（中英文）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="102"/>
        <source>Partners are counted in their present countries. This adds a table by the country a pairing was signed in where that state no longer exists (the Soviet Union).</source>
        <translation>外方按其现在所属国家统计。勾选后另加一张表，按结好时所属国家统计（该国家现已不存在时，如苏联）。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="133"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="138"/>
        <source>Pairing</source>
        <translation>结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="139"/>
        <source>Months ahead</source>
        <translation>未来月数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="140"/>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="140"/>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="154"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="156"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="157"/>
        <source>Issuing unit</source>
        <translation>发文单位</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="159"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="163"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="168"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="171"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="265"/>
        <source>Official (公文)</source>
        <translation>公文格式</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="266"/>
        <source>Plain</source>
        <translation>简洁格式</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="269"/>
        <source>Official: the layout of government documents (GB/T 9704): title in a Song face, headings in Hei, body in Fangsong, standard margins, page numbers as — 3 —.</source>
        <translation>公文格式：按 GB/T 9704 排版，标题用宋体类字体，各级标题用黑体，正文用仿宋，标准页边距，页码为“— 3 —”。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="282"/>
        <source>e.g. 京外办发〔2025〕3号</source>
        <translation>例如 京外办发〔2025〕3号</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="283"/>
        <source>Signature block</source>
        <translation>签发栏</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="287"/>
        <source>Full</source>
        <translation>完整版</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="288"/>
        <source>Summary</source>
        <translation>摘要版</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="292"/>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="294"/>
        <source>Rows kept of a long table: the largest, or the first of a list.</source>
        <translation>长表格保留的行数：排名表取最多的若干项，清单取前若干项。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="299"/>
        <source>Texts (foreword, overview…)</source>
        <translation>文字部分（前言、工作概述等）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="300"/>
        <source>Summary figures</source>
        <translation>主要数据</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="301"/>
        <source>Partner map</source>
        <translation>友好城市分布图</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="302"/>
        <source>Country groups</source>
        <translation>按国家集团统计</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="303"/>
        <source>New pairings</source>
        <translation>新建立的结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="304"/>
        <source>Changes in the year</source>
        <translation>年内结好关系变化</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="305"/>
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="306"/>
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="307"/>
        <source>Delegations</source>
        <translation>出访与来访</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="308"/>
        <source>Anniversaries</source>
        <translation>逢五逢十纪念</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="309"/>
        <source>Dormant pairings</source>
        <translation>不活跃的结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="310"/>
        <source>Appendix: the register</source>
        <translation>附录：友好城市关系一览表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="321"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="322"/>
        <source>Word document (.docx)</source>
        <translation>Word 文档（.docx）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="324"/>
        <source>Style</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="326"/>
        <source>Document number</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="328"/>
        <source>Edition</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="329"/>
        <source>Sections</source>
        <translation>包含部分</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="330"/>
        <source>Largest rows</source>
        <translation>表格行数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="331"/>
        <source>Format</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="385"/>
        <source>Choose a pairing first.</source>
        <translation>请先选择一个结好关系。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="387"/>
        <source>Choose at least one section.</source>
        <translation>请至少选择一个部分。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="393"/>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="407"/>
        <source>Word document ready: Save as… to keep it.</source>
        <translation>Word 文档已生成：请点击“另存为…”保存。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="414"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="416"/>
        <source>No font has these characters; they are blank: %1</source>
        <translation>没有字体包含以下字符，报告中显示为空白：%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="428"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="442"/>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="444"/>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="484"/>
        <source>The report could not be printed.</source>
        <translation>报告未能打印。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="488"/>
        <source>%n page(s) printed to %1.</source>
        <translation>
            <numerusform>已将 %n 页打印到 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../twindesk/ui/dialogs/report_dialog.py" line="492"/>
        <source>%n page(s) sent to the printer.</source>
        <translation>
            <numerusform>已将 %n 页发送到打印机。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/restore_backup.py" line="29"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/restore_backup.py" line="33"/>
        <source>Backups of %1 in %2. Restoring keeps what the register holds now as a backup.</source>
        <translation>%1 的备份，位于 %2。恢复时，登记册当前的内容会另存为一份备份。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/restore_backup.py" line="40"/>
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/restore_backup.py" line="40"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/restore_backup.py" line="40"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/restore_backup.py" line="61"/>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/runner.py" line="25"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/runner.py" line="29"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/runner.py" line="39"/>
        <source>Something went wrong: %1</source>
        <translation>出现错误：%1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="39"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="43"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="53"/>
        <source>In the interface language (March 1979, 1979年3月)</source>
        <translation>按界面语言（1979年3月、March 1979）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="55"/>
        <source>ISO (1979-03)</source>
        <translation>ISO 格式（1979-03）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="58"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="59"/>
        <source>Office name (on reports)</source>
        <translation>单位名称（用于报告）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="60"/>
        <source>Operator (recorded with changes)</source>
        <translation>操作人（随修改记录）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="61"/>
        <source>Dates</source>
        <translation>日期显示</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="113"/>
        <source>Type its name in English or Chinese, e.g. Wuxi or 无锡</source>
        <translation>输入中文或英文名称，例如：无锡 或 Wuxi</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="116"/>
        <source>New pairings and imports start with this place as the local side</source>
        <translation>新建结好关系和导入时，默认以此地为本方</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="118"/>
        <source>Own city or province (this register)</source>
        <translation>本地城市或省份（本登记册）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="124"/>
        <source>Newest backups kept</source>
        <translation>保留最新备份数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="125"/>
        <source>Daily backups kept</source>
        <translation>保留每日备份数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="126"/>
        <source>Weekly backups kept</source>
        <translation>保留每周备份数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="127"/>
        <source>Monthly backups kept</source>
        <translation>保留每月备份数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="139"/>
        <source>%1, %2 MB, in %3</source>
        <translation>%1，%2 MB，位于 %3</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/settings.py" line="148"/>
        <source>Backups of this register</source>
        <translation>本登记册的备份</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="136"/>
        <source>Choose a sheet</source>
        <translation>选择工作表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/setup_pages.py" line="151"/>
        <source>(hidden)</source>
        <translation>（隐藏）</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="477"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="482"/>
        <source>Save rejected rows…</source>
        <translation>保存被拒绝的行…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="485"/>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="541"/>
        <source>Undo this import</source>
        <translation>撤销本次导入</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="504"/>
        <source>Added: %1</source>
        <translation>新增：%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="505"/>
        <source>Updated: %1</source>
        <translation>更新：%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="506"/>
        <source>Skipped: %1</source>
        <translation>跳过：%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="507"/>
        <source>Rejected: %1</source>
        <translation>拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="508"/>
        <source>New places: %1</source>
        <translation>新建地点：%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="523"/>
        <source>Save rejected rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="523"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="542"/>
        <source>Remove everything import #%1 added and restore what it changed?</source>
        <translation>删除导入批次 #%1 新增的全部内容，并恢复它修改过的内容？</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/import_wizard/check_pages.py" line="552"/>
        <source>Undoing…</source>
        <translation>正在撤销…</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="284"/>
        <source>Import templates</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="289"/>
        <source>A blank workbook to fill in and import: headers the importer recognises, a note on each header, drop-down lists for the register&apos;s vocabularies, and an example row.</source>
        <translation>供填写后导入的空白工作簿：表头可被导入功能识别，每个表头附有填写说明，词表字段提供下拉列表，并附示例行。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="299"/>
        <source>Pairings</source>
        <translation>结好关系</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="300"/>
        <source>Exchanges</source>
        <translation>交流活动</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="301"/>
        <source>Programmes</source>
        <translation>合作项目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="302"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="310"/>
        <source>Save template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="310"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="316"/>
        <source>Records</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="317"/>
        <source>Headers in</source>
        <translation>表头语言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="318"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="322"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="326"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="353"/>
        <source>Choose a file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="365"/>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/about.py" line="198"/>
        <source>TwinDesk user guide</source>
        <translation>TwinDesk 使用指南</translation>
    </message>
</context>
<context>
    <name>VocabularyPage</name>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="40"/>
        <source>Kinds of relationship</source>
        <translation>关系类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="41"/>
        <source>Levels</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="42"/>
        <source>Pairing statuses</source>
        <translation>结好状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="43"/>
        <source>Fields of cooperation</source>
        <translation>合作领域</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="44"/>
        <source>Exchange types</source>
        <translation>交流活动类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="45"/>
        <source>Place types</source>
        <translation>地点类型</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="46"/>
        <source>Programme statuses</source>
        <translation>项目状态</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="62"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="58"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="59"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="60"/>
        <source>Used by</source>
        <translation>使用次数</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="61"/>
        <source>Counts as in force</source>
        <translation>计为现行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="69"/>
        <source>Pairings in this status are counted as in force on the dashboard, in the lists&apos; “In force” filter and in the reports</source>
        <translation>处于此状态的结好关系在总览、列表的“现行”筛选和报告中计为现行</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="80"/>
        <source>e.g. Water management</source>
        <translation>例如 Water management</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="81"/>
        <source>e.g. 水务管理</source>
        <translation>例如 水务管理</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="82"/>
        <source>Add to list</source>
        <translation>加入列表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="85"/>
        <source>Remove unused term</source>
        <translation>删除未使用的条目</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="89"/>
        <source>English label</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="90"/>
        <source>Chinese label</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="96"/>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/vocabulary_page.py" line="170"/>
        <source>Lists</source>
        <translation>列表</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="148"/>
        <source>Welcome to TwinDesk</source>
        <translation>欢迎使用 TwinDesk</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="152"/>
        <source>TwinDesk keeps your office&apos;s register of friendship-city relationships on this computer: pairings, programmes, exchanges, contacts and agreements, in English and Chinese. Nothing is sent over the network.</source>
        <translation>TwinDesk 在本机保存贵单位的友好城市登记册：结好关系、合作项目、交流活动、联系人和协议，中英文对照。不通过网络发送任何数据。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="157"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="158"/>
        <source>Office name (on reports)</source>
        <translation>单位名称（用于报告）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="160"/>
        <source>e.g. Foreign Affairs Office of Wuxi Municipal People&apos;s Government</source>
        <translation>例如：无锡市人民政府外事办公室</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="162"/>
        <source>Your name (in the change log)</source>
        <translation>您的姓名（记入修改记录）</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="163"/>
        <source>e.g. Li Hua</source>
        <translation>例如：李华</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="164"/>
        <source>Your city or province</source>
        <translation>本地城市或省份</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="166"/>
        <source>Type its name in English or Chinese, e.g. Wuxi or 无锡</source>
        <translation>输入中文或英文名称，例如：无锡 或 Wuxi</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="169"/>
        <source>The local side of your pairings: new pairings and imports start with it</source>
        <translation>您的结好关系中的本方：新建结好关系和导入时默认使用此地</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="171"/>
        <source>Create a new register…</source>
        <translation>新建登记册…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="172"/>
        <source>Open an existing register…</source>
        <translation>打开已有登记册…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="173"/>
        <source>Explore the demo register</source>
        <translation>浏览演示登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="174"/>
        <source>Connect to a server register…</source>
        <translation>连接服务器上的登记册…</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="176"/>
        <source>Start your office&apos;s own register. Suggested place: %1</source>
        <translation>建立本单位自己的登记册。建议位置：%1</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="181"/>
        <source>A register file you or a colleague already keep (.sqlite3).</source>
        <translation>打开您或同事已有的登记册文件（.sqlite3）。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="185"/>
        <source>A register your office keeps on a PostgreSQL server, shared by several clerks.</source>
        <translation>本单位保存在 PostgreSQL 服务器上、由多位工作人员共用的登记册。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="190"/>
        <source>Sample pairings and exchanges from news articles, to try TwinDesk out. It is a separate file: your own register is not touched.</source>
        <translation>根据新闻报道整理的结好关系和交流活动示例，供试用 TwinDesk。演示登记册是单独的文件，不会改动您自己的登记册。</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="220"/>
        <source>New register</source>
        <translation>新建登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="222"/>
        <source>TwinDesk registers (*.sqlite3)</source>
        <translation>TwinDesk 登记册 (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="234"/>
        <source>Open register</source>
        <translation>打开登记册</translation>
    </message>
    <message>
        <location filename="../../twindesk/ui/welcome.py" line="236"/>
        <source>TwinDesk registers (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>TwinDesk 登记册 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>_PathRow</name>
    <message>
        <location filename="../../twindesk/ui/dialogs/export_dialog.py" line="68"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
</TS>
