#!/usr/bin/env python3
"""Writes src/Zhaoshang.Web/Shared/SharedResource.en.resx from the table below (key = the Chinese UI text).
Run after adding UI strings; PageTests fails on any L["..."] key without an English entry here."""
from xml.sax.saxutils import escape
import os

EN = {
# shell, navigation
"招商": "Zhaoshang", "菜单": "Menu", "首页": "Home", "组织机构": "Organisations", "用户与角色": "Users and roles",
"审计日志": "Audit log", "修改密码": "Change password", "接口文档": "API docs", "退出": "Sign out",
# login
"登录": "Sign in", "账户登录": "Sign in to your account", "招商引资信息管理平台": "Investment Promotion Management Platform",
"项目全周期 · 目标考核 · 问题协调": "Project lifecycle · Targets and assessment · Problem coordination",
"用户名": "User name", "密码": "Password", "连续 5 次密码错误将锁定账户 15 分钟。": "Five wrong passwords in a row lock the account for 15 minutes.",
"请输入用户名。": "Enter your user name.", "请输入密码。": "Enter your password.",
"用户名或密码错误。": "Wrong user name or password.",
"连续登录失败次数过多，账户已锁定，请稍后再试或联系安全管理员。": "Too many failed sign-ins: the account is locked. Try again later or contact the security administrator.",
"该账户已停用，请联系系统管理员。": "This account is disabled. Contact the system administrator.",
"登录尝试过于频繁，请一分钟后再试。": "Too many sign-in attempts. Try again in a minute.",
"无权访问": "Access denied", "您的角色不能使用此功能。如需开通，请联系安全管理员。": "Your role cannot use this function. Ask the security administrator if you need it.",
"返回首页": "Back to home",
# password
"首次登录或密码已过期：请先设置新密码再继续使用。": "First sign-in or expired password: set a new password to continue.",
"密码已修改。": "Password changed.", "当前密码": "Current password", "新密码": "New password", "确认新密码": "Confirm new password",
"至少 8 位，包含大写字母、小写字母、数字、特殊字符中的至少 3 类；不能与最近 5 次的密码相同。": "At least 8 characters from at least 3 of: upper case, lower case, digits, symbols; not one of your last 5 passwords.",
"保存新密码": "Save new password", "两次输入的新密码不一致。": "The two new passwords differ.", "当前密码不正确。": "The current password is wrong.",
"密码至少需要 8 个字符。": "The password needs at least 8 characters.",
"密码需包含大写字母、小写字母、数字、特殊字符中的至少 3 类。": "The password needs at least 3 of: upper case, lower case, digits, symbols.",
"该密码过于常见，容易被猜中，请换一个。": "This password is too common and easy to guess; choose another.",
"密码不能包含用户名。": "The password must not contain the user name.",
"新密码不能与最近 5 次使用过的密码相同。": "The new password must differ from your last 5 passwords.",
# home
"欢迎，{0}": "Welcome, {0}", "数据范围内单位": "Units in your scope", "会话到期": "Session ends", "可以做的事": "What you can do",
"查看组织机构": "View the organisation tree", "创建和停用账户、重置密码": "Create and disable accounts, reset passwords",
"授予角色、解锁账户": "Grant roles, unlock accounts", "查阅并校验审计日志": "Read and verify the audit log",
# roles and kinds
"系统管理员": "System administrator", "安全管理员": "Security administrator", "审计管理员": "Audit administrator", "领导": "Leader",
"招商专员": "Investment officer", "部门经办人": "Department handler", "企业用户": "Enterprise user",
"省": "Province", "市/州": "City / prefecture", "区/县": "District / county", "开发区/园区": "Development zone / park", "部门": "Department",
"驻外办事处": "Resident office", "国有企业": "State-owned enterprise", "领导小组办公室": "Leading-group office", "专班": "Task force",
# orgs
"新建单位": "New unit", "导出": "Export", "导入": "Import", "搜索": "Search", "名称或编码": "Name or code", "显示已停用": "Show inactive",
"筛选": "Filter", "重置": "Reset", "没有符合条件的单位": "No matching units", "编辑单位": "Edit unit", "名称": "Name", "英文名称": "English name",
"保存": "Save", "移动到": "Move under", "移动": "Move", "确定停用该单位？": "Deactivate this unit?", "确定启用该单位？": "Activate this unit?",
"停用": "Deactivate", "启用": "Activate", "编码": "Code", "类型": "Kind", "上级单位": "Parent unit", "创建": "Create", "从 Excel 导入": "Import from Excel",
"表头：编码、名称、英文名称、类型、上级编码、状态、排序。可先导出作为模板。全部或全不：有任何错误则不写入。": "Headers: 编码 (code), 名称 (name), 英文名称 (English name), 类型 (kind), 上级编码 (parent code), 状态 (status), 排序 (order). Export first to get a template. All or nothing: any error writes nothing.",
"已停用": "Inactive", "导入完成：新增 {0} 个，更新 {1} 个，未变 {2} 个。": "Import done: {0} created, {1} updated, {2} unchanged.",
"导入未执行（全部或全不）：发现 {0} 个错误。": "Nothing imported (all or nothing): {0} errors found.",
"请选择要导入的 .xlsx 文件。": "Choose an .xlsx file to import.",
"已创建。": "Created.", "已保存。": "Saved.", "已移动。": "Moved.", "已启用。": "Activated.", "已停用。": "Deactivated.",
"单位不存在或不在您的数据范围内。": "The unit does not exist or is outside your scope.",
"单位编码“{0}”已被使用。": "Unit code “{0}” is already in use.",
"单位编码须为 1–32 位字母、数字、“-”或“_”。": "A unit code is 1–32 letters, digits, “-” or “_”.",
"单位名称不能为空，且不超过 100 个字符。": "A unit name is required, at most 100 characters.",
"“{0}”类单位只能作为根单位。": "A unit of kind “{0}” can only be a root.",
"“{0}”类单位的上级须为：{1}。": "A unit of kind “{0}” must be under: {1}.",
"“{0}”不是有效的单位类型。": "“{0}” is not a valid unit kind.",
"上级单位已停用。": "The parent unit is inactive.",
"该单位下还有启用的下级单位，请先停用或移走下级单位。": "This unit has active sub-units: deactivate or move them first.",
"上级单位已停用，请先启用上级单位。": "The parent unit is inactive: activate it first.",
"不能把单位移动到它自己或它的下级单位之下。": "A unit cannot move under itself or one of its sub-units.",
"该单位已被他人修改，请查看最新内容后再保存。": "Someone else changed this unit: review the latest version before saving.",
# users
"三员分立：系统管理员管理账户，安全管理员授予角色，审计管理员查阅审计日志。": "Separation of duties: the system admin manages accounts, the security admin grants roles, the audit admin reads the audit log.",
"一次性密码（只显示这一次，请当面或通过安全渠道交给用户；首次登录须修改）：": "One-time password (shown only now; hand it over in person or by a secure channel; it must be changed at first sign-in):",
"用户名、姓名或单位": "User name, name or unit", "姓名": "Name", "所属单位": "Unit", "角色": "Roles", "状态": "Status", "最近登录": "Last sign-in",
"已锁定": "Locked", "正常": "Active", "保存角色": "Save roles", "解锁": "Unlock", "启用账户": "Enable account",
"确定停用该账户？其所有会话将立即失效。": "Disable this account? All its sessions end at once.", "停用原因": "Reason", "停用账户": "Disable account",
"确定重置密码？": "Reset the password?", "重置密码": "Reset password", "新建账户": "New account", "新账户没有角色，由安全管理员授予。": "New accounts have no roles; the security admin grants them.",
"账户已创建。": "Account created.", "密码已重置，该用户的所有会话已失效。": "Password reset; all the user's sessions have ended.",
"角色已保存，该用户须重新登录。": "Roles saved; the user must sign in again.", "已解锁。": "Unlocked.", "账户已停用。": "Account disabled.", "账户已启用。": "Account enabled.",
"用户不存在。": "No such user.", "用户不存在或不在您的数据范围内。": "The user does not exist or is outside your scope.",
"所属单位不存在或不在您的数据范围内。": "The unit does not exist or is outside your scope.", "所属单位已停用。": "The unit is inactive.",
"用户名须为 2–64 位字母、数字、“.”、“_”或“-”。": "A user name is 2–64 letters, digits, “.”, “_” or “-”.",
"姓名不能为空，且不超过 100 个字符。": "A name is required, at most 100 characters.", "用户名“{0}”已存在。": "User name “{0}” already exists.",
"请填写停用原因。": "Give a reason for disabling.", "未知角色：{0}。": "Unknown roles: {0}.",
"三员分立：系统管理员、安全管理员、审计管理员角色不能与其他任何角色兼任。": "Separation of duties: the system, security and audit admin roles cannot be combined with any other role.",
"不能停用或启用自己的账户。": "You cannot disable or enable your own account.", "不能重置自己的密码，请使用“修改密码”。": "You cannot reset your own password; use “Change password”.",
"不能修改自己的角色。": "You cannot change your own roles.", "您的角色不能执行此操作。": "Your role cannot do this.",
"该记录不在您的数据范围内。": "This record is outside your scope.", "请提供用户名和密码。": "Give a user name and password.",
# audit
"只可追加，不可修改或删除；每条记录以 HMAC-SM3 与上一条链接。": "Append-only: nothing can be changed or deleted; each record is chained to the previous one with HMAC-SM3.",
"校验完整性": "Verify integrity", "校验通过：审计记录完整，未被篡改。": "Verified: the audit trail is complete and untampered.",
"校验失败：从第 {0} 条记录起审计链被破坏。": "Verification failed: the chain is broken from record {0} on.",
"开始日期": "From", "结束日期": "To", "用户": "User", "操作": "Action", "结果": "Result", "全部": "All", "时间": "Time", "单位": "Unit",
"对象": "Object", "详情": "Details", "校验中…": "Verifying…", "导入中…": "Importing…",
"管理员账户的一次性密码已写入服务器数据目录中的文件，请由服务器运维人员转交。": "The admin account's one-time password was written to a file in the server's data folder; the server operator hands it over.",
"数据已被他人修改，请刷新后重试。": "Someone else changed this data: refresh and try again.",
"英文名称不超过 200 个字符。": "An English name is at most 200 characters.",
"企业不存在。": "No such enterprise.",
"统一社会信用代码已登记为“{0}”：同一代码即同一企业，请直接使用该企业。": "This unified social credit code is already registered as “{0}”: the same code is the same enterprise, use that one.",
"该企业由其他单位登记，只能由登记单位或其上级修改。": "Another unit registered this enterprise: only that unit or its superiors can edit it.",
"统一社会信用代码“{0}”已被其他企业使用。": "Credit code “{0}” belongs to another enterprise.",
"该企业已被他人修改，请查看最新内容后再保存。": "Someone else changed this enterprise: review the latest version before saving.",
"联系人姓名不能为空，且不超过 100 个字符。": "A contact name is required, at most 100 characters.",
"“{0}”不是有效的电话号码。": "“{0}” is not a valid phone number.",
"企业名称不能为空，且不超过 200 个字符。": "An enterprise name is required, at most 200 characters.",
"总部所在地不超过 200 个字符。": "The headquarters location is at most 200 characters.",
"所属行业不超过 100 个字符。": "The industry is at most 100 characters.",
"“{0}”不是有效的取值，可选：{1}。": "“{0}” is not a valid value; choose one of: {1}.",
"项目不存在或不在您的数据范围内。": "The project does not exist or is outside your scope.",
"该项目已被他人修改，请查看最新内容后再保存。": "Someone else changed this project: review the latest version before saving.",
"项目名称不能为空，且不超过 200 个字符。": "A project name is required, at most 200 characters.",
"约定投资总额不能为负数。": "The agreed investment cannot be negative.", "数量不能为负数。": "Quantities cannot be negative.",
"投资企业不存在，请先登记企业。": "The investor is not registered: register the enterprise first.",
"年月无效。": "Invalid year or month.", "不能登记未来月份的到位资金。": "Funds cannot be recorded for a future month.",
"到位资金不能为 0。": "Funds in place cannot be 0.", "项目尚未签约，不能登记到位资金。": "The project is not signed yet: no funds in place can be recorded.",
"要更正的到位资金记录不属于该项目。": "The entry to correct does not belong to this project.",
"负数金额只能用于更正已有记录（请指明更正的记录）。": "A negative amount can only correct an existing entry (name the entry it corrects).",
"“{0}”不是有效的项目阶段，可选：{1}。": "“{0}” is not a project stage; choose one of: {1}.",
"该活动记录已被他人修改，请查看最新内容后再保存。": "Someone else changed this activity: review the latest version before saving.",
"活动名称不能为空，且不超过 200 个字符。": "An activity title is required, at most 200 characters.",
"活动日期不能晚于今天。": "The activity date cannot be after today.",
"同一驻外办事处只能出现一次。": "Each resident office may appear only once.",
"首次拜访只能记在一个驻外办事处名下，其余为陪同。": "Only one resident office made the first visit; the others accompanied.",
"驻外办事处不存在或不在您的数据范围内。": "The resident office does not exist or is outside your scope.",
"内容过长（不超过 {0} 个字符）。": "Too long (at most {0} characters).",
"活动记录不存在或不在您的数据范围内。": "The activity does not exist or is outside your scope.",
"“{0}”不是有效的活动类型，可选：{1}。": "“{0}” is not an activity kind; choose one of: {1}.", "共 {0} 条": "{0} records", "上一页": "Previous", "下一页": "Next",
}

def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Zhaoshang.Web", "Shared", "SharedResource.en.resx")
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<root>',
           '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
           '  <resheader name="version"><value>2.0</value></resheader>',
           '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
           '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']
    for key in sorted(EN):
        out.append(f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(EN[key])}</value></data>')
    out.append('</root>')
    with open(root, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")

if __name__ == "__main__":
    main()
