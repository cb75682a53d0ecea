//! Word lists for the demo organisation: Chinese and English names, company name parts, industries, sources, regions.

/// Chinese surnames with their pinyin (for e-mail addresses).
pub const CN_SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("高", "gao"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("邓", "deng"),
    ("冯", "feng"),
    ("韩", "han"),
    ("曹", "cao"),
    ("曾", "zeng"),
    ("彭", "peng"),
    ("萧", "xiao"),
    ("蔡", "cai"),
    ("潘", "pan"),
    ("田", "tian"),
    ("董", "dong"),
    ("袁", "yuan"),
    ("于", "yu"),
    ("欧阳", "ouyang"),
];

/// Characters of Chinese given names with their pinyin; a given name is one or two of them.
pub const CN_GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂", "gui"),
    ("英", "ying"),
    ("华", "hua"),
    ("建", "jian"),
    ("国", "guo"),
    ("文", "wen"),
    ("辉", "hui"),
    ("鹏", "peng"),
    ("婷", "ting"),
    ("宇", "yu"),
    ("欣", "xin"),
    ("浩", "hao"),
    ("佳", "jia"),
    ("晨", "chen"),
    ("雪", "xue"),
    ("琳", "lin"),
    ("志", "zhi"),
    ("海", "hai"),
    ("燕", "yan"),
];

/// English given names.
pub const EN_GIVEN: &[&str] = &[
    "James", "Mary", "John", "Linda", "Robert", "Susan", "Michael", "Karen", "David", "Emma", "Daniel", "Olivia",
    "Peter", "Sophie", "Thomas", "Grace", "Andrew", "Chloe", "Mark", "Hannah", "Kevin", "Laura", "Eric", "Nina",
];

/// English family names.
pub const EN_FAMILY: &[&str] = &[
    "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Anderson", "Clark", "Lewis", "Walker", "Hall",
    "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Turner", "Parker",
];

/// The distinctive first part of a Chinese company name, with a latin slug (for web and e-mail domains).
pub const CN_COMPANY_WORDS: &[(&str, &str)] = &[
    ("华信", "huaxin"),
    ("中诚", "zhongcheng"),
    ("恒通", "hengtong"),
    ("远航", "yuanhang"),
    ("鼎盛", "dingsheng"),
    ("金桥", "jinqiao"),
    ("天利", "tianli"),
    ("宏达", "hongda"),
    ("新锐", "xinrui"),
    ("瑞丰", "ruifeng"),
    ("博远", "boyuan"),
    ("创维", "chuangwei"),
    ("隆鑫", "longxin"),
    ("海川", "haichuan"),
    ("嘉禾", "jiahe"),
    ("万方", "wanfang"),
    ("东升", "dongsheng"),
    ("汇丰源", "huifengyuan"),
    ("星辰", "xingchen"),
    ("长青", "changqing"),
    ("启明", "qiming"),
    ("志远", "zhiyuan"),
    ("融创", "rongchuang"),
    ("永安", "yongan"),
    ("德润", "derun"),
    ("安泰", "antai"),
    ("盛世", "shengshi"),
    ("佳禾", "jiahe2"),
    ("明阳", "mingyang"),
    ("锦程", "jincheng"),
];

/// The business part of a Chinese company name with its industry.
pub const CN_COMPANY_TRADES: &[(&str, &str)] = &[
    ("科技", "信息技术"),
    ("信息技术", "信息技术"),
    ("软件", "信息技术"),
    ("贸易", "批发零售"),
    ("商贸", "批发零售"),
    ("制造", "制造业"),
    ("机械", "制造业"),
    ("电子", "电子元器件"),
    ("医疗器械", "医疗健康"),
    ("物流", "交通物流"),
    ("建设工程", "建筑工程"),
    ("新能源", "能源"),
    ("食品", "食品饮料"),
    ("教育科技", "教育"),
    ("环保", "环保"),
];

/// The legal-form suffix of a Chinese company name.
pub const CN_COMPANY_FORMS: &[&str] = &["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"];

/// English company name parts: a word, an industry noun, a legal form.
pub const EN_COMPANY_WORDS: &[&str] = &[
    "Bluewave",
    "Northstar",
    "Summit",
    "Evergreen",
    "Pioneer",
    "Crescent",
    "Harbor",
    "Atlas",
    "Silverline",
    "Redwood",
    "Brightpath",
    "Oakridge",
];
pub const EN_COMPANY_TRADES: &[(&str, &str)] = &[
    ("Trading", "批发零售"),
    ("Technologies", "信息技术"),
    ("Manufacturing", "制造业"),
    ("Logistics", "交通物流"),
    ("Medical", "医疗健康"),
    ("Energy", "能源"),
];
pub const EN_COMPANY_FORMS: &[&str] = &["Co., Ltd.", "Ltd.", "Inc.", "Group"];

/// Source channels: code and Chinese label, with a relative weight.
pub const SOURCES: &[(&str, &str, u32)] =
    &[("trade_show", "展会", 3), ("website", "官网", 4), ("referral", "转介绍", 2), ("cold_call", "电话营销", 3)];

/// The Chinese label of a source code, or the code itself.
pub fn source_label(code: &str) -> &str {
    SOURCES.iter().find(|(c, _, _)| *c == code).map(|(_, label, _)| *label).unwrap_or(code)
}

/// Marketing campaigns that leads come from.
pub const CAMPAIGNS: &[&str] = &["2026春季展会", "官网试用活动", "老客户推荐计划", "华南电话营销季"];

/// Customer tags.
pub const TAGS: &[&str] = &["重点客户", "VIP", "老客户", "新客户", "代理商", "上市公司", "政府采购"];

/// Contact titles.
pub const TITLES: &[&str] =
    &["总经理", "采购经理", "技术总监", "财务经理", "IT主管", "运营总监", "行政经理", "Purchasing Manager", "CTO"];

/// Regions (province/city code, label) served by each regional sales team.
pub const EAST_REGIONS: &[(&str, &str)] = &[("31/3100", "上海"), ("33/3301", "杭州"), ("32/3201", "南京")];
pub const SOUTH_REGIONS: &[(&str, &str)] = &[("44/4403", "深圳"), ("44/4401", "广州"), ("35/3502", "厦门")];
pub const NORTH_REGIONS: &[(&str, &str)] = &[("11/1100", "北京"), ("12/1200", "天津"), ("37/3702", "青岛")];

/// Products that opportunities are about.
pub const PRODUCTS: &[&str] =
    &["ERP 实施项目", "CRM 年度订阅", "生产线改造", "仓储系统升级", "年度采购框架", "设备维保合同"];

/// Reasons for lost opportunities, and competitors.
pub const LOSS_REASONS: &[&str] = &["价格过高", "选择了竞争对手", "预算取消", "需求变更"];
pub const COMPETITORS: &[&str] = &["用友", "金蝶", "Salesforce", "纷享销客"];

/// Activity subjects per kind.
pub const ACTIVITY_SUBJECTS: &[(&str, &str)] = &[
    ("call", "电话回访"),
    ("call", "需求沟通电话"),
    ("visit", "上门拜访"),
    ("meeting", "方案演示会议"),
    ("email", "发送报价单"),
    ("task", "准备合同草稿"),
    ("note", "客户反馈记录"),
];
