"""What an OCR slip in a duty text looks like: a duty word with one character misread.

Scanned job descriptions come back with characters swapped for look-alikes (负贵 for 负责,
监怪 for 监控, 处锂 for 处理). ``LOOKALIKES`` lists, for characters common in duty texts,
the characters OCR engines are known to read them as; ``DUTY_WORDS`` is the vocabulary of
duty texts. A duty word with one character replaced by a look-alike is a slip — unless the
result is itself a word (``REAL_WORDS``: 负债 is not a slip for 负责).
All in folded form (simplified characters), as the importer matches.
"""

from __future__ import annotations

# Each entry: a character, then the characters OCR misreads it as.
LOOKALIKES = (
    "责贵资债渍", "控怪挖", "督怪瞥", "测侧恻浏", "检枪捡俭", "馈债溃愦", "岗肉冈岚",
    "预予顶须", "警替擎", "计什汁", "管价菅官", "需播儒懦", "习_刁", "直宜值",
    "理锂埋浬狸", "进逬迸讲", "定走淀锭", "务勢努", "贷货贸", "审宙申", "批枇", "授援",
    "办力", "部郎", "制剃", "规观", "档挡", "案桉", "险脸睑", "风凤", "合台", "稽嵇",
    "算箅", "统绕", "报扳", "表衰", "营菅", "催摧", "收妆", "账帐", "款欸",
    "监盐", "督替", "策荣", "析折", "析柝", "调凋", "查杏", "估佑", "评坪", "拟似",
    "编遍", "责青", "组纽", "织识", "施拖", "落洛", "实宝", "负页", "维准", "护沪",
    "培倍", "训川", "贴帖", "押抽", "担坦", "债偾", "权杈", "限恨",
)

# Words of duty texts (职责), banking and general.
DUTY_WORDS = frozenset("""
负责 主要 具体 全面 组织 协助 配合 参与 做好 完成 制定 编制 拟定 执行 落实 审批 审核 审查
审定 审议 签署 签发 批准 核准 决定 了解 通报 管理 办理 开展 指导 检查 督促 确保 建立 推动
推进 监督 监控 监测 监管 贯彻 维护 跟踪 撰写 收集 分析 提出 研究 承办 处理 控制 协调 沟通
反馈 上报 报告 报送 汇报 汇总 统计 核算 核对 核实 核查 稽核 审计 考核 考评 评估 评价 测试
测算 预警 预测 计划 规划 方案 措施 制度 规定 规范 流程 标准 政策 办法 细则 合规 风险 内控
业务 服务 任务 事务 财务 税务 债务 职务 岗位 上岗 持证 培训 学习 教育 宣传 营销 推广 销售
客户 信贷 贷款 放款 发放 收回 催收 清收 回收 核销 不良 逾期 贷前 贷后 授信 担保 抵押 质押
保证 资产 负债 资金 资本 存款 利率 定价 票据 贴现 结算 账户 账务 会计 出纳 档案 资料 合同
报表 数据 信息 系统 安全 保密 应急 事件 投诉 需求 产品 市场 调查 调研 走访 日常 定期 及时
认真 严格 准确 完整 真实 有效 合理 相关 其他 领导 交办 部门 机构 支行 分行 总行 全行 本行
公司 单位 人员 员工 队伍 团队 经理 主管 主任 委员 委员会 会议 记录 登记 备案 归档 整理 保管
移交 交接 考勤 绩效 薪酬 招聘 档期 计量 设备 物资 采购 印章 证照 许可 行政 后勤 文件 文书
公文 办公 接待 协议 谈判 诉讼 法律 审慎 审贷 调剂 调整 优化 完善 改进 提高 提升 保障 支持
实施 实行 运行 运营 经营 营运 操作 柜面 现金 凭证 重要 空白 印鉴 授权 权限 额度 限额 直管
进行 工作 情况 意见 发展 提交 提供 开发 促进 推行 督导 督查 监察 检验 测评 管控 防控 风控
""".split())

# Real words one look-alike away from a duty word: never reported as slips.
REAL_WORDS = frozenset("""
负债 债务 债权 资产 资本 资金 资信 资料 资格 资质 投资 工资 申请 申报 申诉
货款 货物 放货 发货 收货 贸易 外贸 官员 管官 价格 价值 定价 评价 代价 各项 各类 各级 各种
各自 努力 功能 成功 力量 能力 人力 台账 台同 柜台 平台 讲话 讲解 讲座 演讲 近期 接近 走访
走向 行走 淀粉 锭子 宝贵 贵重 珍贵 顶级 顶层 须知 必须 值班 价值 数值 真实 宜居 适宜 便宜
帐号 帐户 帐务 帐目 观念 观察 客观 参观 挡住 折扣 折旧 折算 似乎 类似 相似 近似 遍及 普遍
校对 校验 学校 识别 认识 知识 意识 拖欠 洛阳 页面 首页 准确 准备 准入 标准 批准 核准 上海
沪深 倍数 加倍 四川 帖子 抽查 抽样 抽取 坦诚 偾事 恨不 摧毁 妆容 欸乃 盐城 荣誉 光荣 繁荣
凋谢 杏仁 佑护 坪山 机构 替代 替换 代替 接替 须要 顶岗 肉类 发货 收货 到货 交货 提货 订货
进货 必须 给予 授予 赋予 准予 不予 予以 什么 为什么 官方 宝藏 主官 保价 校准 审校 审订 内腔
""".split())
