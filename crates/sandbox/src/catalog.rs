//! The demo catalog: designs (what a product looks like), suppliers and offers
//! (who sells a design at what price). Everything is derived from fixed seeds so
//! every run, test and benchmark sees the same catalog.

use crate::rng::SplitMix;

/// A product family buyers source on 1688, with what a real listing of it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    TShirt,
    Dress,
    Mug,
    ToteBag,
    Sneaker,
    PhoneCase,
    PlushBear,
    FryingPan,
    Notebook,
    Scrunchie,
    Cap,
    Backpack,
    WaterBottle,
    Socks,
}

impl Category {
    pub const ALL: [Category; 14] = [
        Category::TShirt,
        Category::Dress,
        Category::Mug,
        Category::ToteBag,
        Category::Sneaker,
        Category::PhoneCase,
        Category::PlushBear,
        Category::FryingPan,
        Category::Notebook,
        Category::Scrunchie,
        Category::Cap,
        Category::Backpack,
        Category::WaterBottle,
        Category::Socks,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            Category::TShirt => "T恤",
            Category::Dress => "连衣裙",
            Category::Mug => "马克杯",
            Category::ToteBag => "帆布包",
            Category::Sneaker => "运动鞋",
            Category::PhoneCase => "手机壳",
            Category::PlushBear => "毛绒玩具熊",
            Category::FryingPan => "平底锅",
            Category::Notebook => "线圈笔记本",
            Category::Scrunchie => "大肠发圈",
            Category::Cap => "棒球帽",
            Category::Backpack => "双肩包",
            Category::WaterBottle => "保温杯",
            Category::Socks => "中筒袜",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Category::TShirt => "T-shirt",
            Category::Dress => "Dress",
            Category::Mug => "Ceramic Mug",
            Category::ToteBag => "Canvas Tote Bag",
            Category::Sneaker => "Sneakers",
            Category::PhoneCase => "Phone Case",
            Category::PlushBear => "Plush Teddy Bear",
            Category::FryingPan => "Non-stick Frying Pan",
            Category::Notebook => "Spiral Notebook",
            Category::Scrunchie => "Hair Scrunchie",
            Category::Cap => "Baseball Cap",
            Category::Backpack => "Backpack",
            Category::WaterBottle => "Vacuum Bottle",
            Category::Socks => "Crew Socks",
        }
    }

    /// The 1688 top-level category path a buyer would see.
    pub fn path_zh(self) -> &'static str {
        match self {
            Category::TShirt => "女装>T恤",
            Category::Dress => "女装>连衣裙",
            Category::Mug => "家居日用>杯子",
            Category::ToteBag => "箱包皮具>帆布包",
            Category::Sneaker => "运动户外>运动鞋",
            Category::PhoneCase => "数码配件>手机壳",
            Category::PlushBear => "玩具>毛绒玩具",
            Category::FryingPan => "厨房用品>锅具",
            Category::Notebook => "办公文教>本册",
            Category::Scrunchie => "饰品>发饰",
            Category::Cap => "服饰配件>帽子",
            Category::Backpack => "箱包皮具>双肩包",
            Category::WaterBottle => "家居日用>保温杯",
            Category::Socks => "内衣>袜子",
        }
    }

    pub fn category_id(self) -> u64 {
        match self {
            Category::TShirt => 1_037_648,
            Category::Dress => 127_380_009,
            Category::Mug => 1_039_373,
            Category::ToteBag => 1_042_954,
            Category::Sneaker => 127_430_001,
            Category::PhoneCase => 1_046_714,
            Category::PlushBear => 1_038_373,
            Category::FryingPan => 1_032_852,
            Category::Notebook => 1_036_921,
            Category::Scrunchie => 1_031_910,
            Category::Cap => 1_042_760,
            Category::Backpack => 1_042_956,
            Category::WaterBottle => 1_039_380,
            Category::Socks => 1_037_191,
        }
    }

    pub fn unit_zh(self) -> &'static str {
        match self {
            Category::TShirt | Category::Dress => "件",
            Category::Sneaker | Category::Socks => "双",
            Category::Notebook => "本",
            Category::Cap => "顶",
            _ => "个",
        }
    }

    pub fn unit_en(self) -> &'static str {
        match self {
            Category::Sneaker | Category::Socks => "pair",
            _ => "piece",
        }
    }

    /// Realistic wholesale unit price range in CNY.
    fn price_range(self) -> (f64, f64) {
        match self {
            Category::TShirt => (9.0, 35.0),
            Category::Dress => (28.0, 118.0),
            Category::Mug => (3.5, 22.0),
            Category::ToteBag => (4.5, 26.0),
            Category::Sneaker => (32.0, 98.0),
            Category::PhoneCase => (1.6, 12.0),
            Category::PlushBear => (6.5, 45.0),
            Category::FryingPan => (16.0, 78.0),
            Category::Notebook => (1.2, 9.8),
            Category::Scrunchie => (0.35, 3.2),
            Category::Cap => (5.5, 24.0),
            Category::Backpack => (22.0, 88.0),
            Category::WaterBottle => (9.5, 42.0),
            Category::Socks => (0.9, 5.5),
        }
    }

    /// Where such goods come from, so suppliers sit in believable cities.
    fn hub_cities(self) -> &'static [usize] {
        // Indices into CITIES.
        match self {
            Category::TShirt => &[0, 1, 7],
            Category::Dress => &[1, 2, 7],
            Category::Mug => &[8, 9, 3],
            Category::ToteBag => &[10, 1, 3],
            Category::Sneaker => &[4, 5],
            Category::PhoneCase => &[6, 11],
            Category::PlushBear => &[12, 3],
            Category::FryingPan => &[13, 14],
            Category::Notebook => &[3, 15],
            Category::Scrunchie => &[3, 0],
            Category::Cap => &[3, 11],
            Category::Backpack => &[10, 1, 11],
            Category::WaterBottle => &[14, 3],
            Category::Socks => &[16, 3],
        }
    }

    fn trade_word(self) -> &'static str {
        match self {
            Category::TShirt | Category::Dress => "服饰",
            Category::Mug => "陶瓷",
            Category::ToteBag | Category::Backpack => "箱包",
            Category::Sneaker => "鞋业",
            Category::PhoneCase => "数码科技",
            Category::PlushBear => "玩具",
            Category::FryingPan => "厨具",
            Category::Notebook => "文具",
            Category::Scrunchie => "饰品",
            Category::Cap => "帽业",
            Category::WaterBottle => "日用品",
            Category::Socks => "针织",
        }
    }

    fn trade_word_en(self) -> &'static str {
        match self {
            Category::TShirt | Category::Dress => "Apparel",
            Category::Mug => "Ceramics",
            Category::ToteBag | Category::Backpack => "Bags",
            Category::Sneaker => "Footwear",
            Category::PhoneCase => "Digital Tech",
            Category::PlushBear => "Toys",
            Category::FryingPan => "Cookware",
            Category::Notebook => "Stationery",
            Category::Scrunchie => "Accessories",
            Category::Cap => "Headwear",
            Category::WaterBottle => "Houseware",
            Category::Socks => "Knitting",
        }
    }
}

/// (city zh, province zh, city en)
const CITIES: [(&str, &str, &str); 17] = [
    ("广州", "广东", "Guangzhou"),
    ("杭州", "浙江", "Hangzhou"),
    ("湖州", "浙江", "Huzhou"),
    ("义乌", "浙江", "Yiwu"),
    ("晋江", "福建", "Jinjiang"),
    ("莆田", "福建", "Putian"),
    ("深圳", "广东", "Shenzhen"),
    ("东莞", "广东", "Dongguan"),
    ("潮州", "广东", "Chaozhou"),
    ("德化", "福建", "Dehua"),
    ("保定", "河北", "Baoding"),
    ("东莞", "广东", "Dongguan"),
    ("汕头", "广东", "Shantou"),
    ("揭阳", "广东", "Jieyang"),
    ("永康", "浙江", "Yongkang"),
    ("宁波", "浙江", "Ningbo"),
    ("诸暨", "浙江", "Zhuji"),
];

/// A colour a design is made in, with the words a listing uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub rgb: [u8; 3],
    pub zh: &'static str,
    pub en: &'static str,
}

pub const PALETTE: [Colour; 13] = [
    Colour { rgb: [200, 32, 42], zh: "红色", en: "Red" },
    Colour { rgb: [28, 42, 92], zh: "藏青色", en: "Navy" },
    Colour { rgb: [32, 32, 34], zh: "黑色", en: "Black" },
    Colour { rgb: [248, 248, 244], zh: "白色", en: "White" },
    Colour { rgb: [238, 140, 176], zh: "粉色", en: "Pink" },
    Colour { rgb: [246, 198, 36], zh: "黄色", en: "Yellow" },
    Colour { rgb: [36, 136, 70], zh: "绿色", en: "Green" },
    Colour { rgb: [104, 176, 232], zh: "天蓝色", en: "Sky Blue" },
    Colour { rgb: [240, 116, 28], zh: "橙色", en: "Orange" },
    Colour { rgb: [118, 58, 160], zh: "紫色", en: "Purple" },
    Colour { rgb: [214, 192, 152], zh: "米色", en: "Beige" },
    Colour { rgb: [138, 138, 144], zh: "灰色", en: "Grey" },
    Colour { rgb: [128, 82, 46], zh: "棕色", en: "Brown" },
];

/// The surface pattern of a design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pattern {
    Solid,
    Stripes,
    Dots,
    Check,
    Emblem,
    TwoTone,
}

impl Pattern {
    pub const ALL: [Pattern; 6] =
        [Pattern::Solid, Pattern::Stripes, Pattern::Dots, Pattern::Check, Pattern::Emblem, Pattern::TwoTone];

    fn zh(self) -> &'static str {
        match self {
            Pattern::Solid => "纯色",
            Pattern::Stripes => "条纹",
            Pattern::Dots => "波点",
            Pattern::Check => "格子",
            Pattern::Emblem => "印花",
            Pattern::TwoTone => "撞色拼接",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Pattern::Solid => "Solid",
            Pattern::Stripes => "Striped",
            Pattern::Dots => "Polka Dot",
            Pattern::Check => "Plaid",
            Pattern::Emblem => "Printed Logo",
            Pattern::TwoTone => "Colour-block",
        }
    }
}

/// One product look. Several offers (suppliers) sell the same design.
#[derive(Debug, Clone)]
pub struct Design {
    pub index: usize,
    pub category: Category,
    pub primary: Colour,
    pub secondary: Colour,
    pub pattern: Pattern,
    /// Factory price of the design; offers vary around it.
    pub base_price: f64,
}

/// A supplier's shop.
#[derive(Debug, Clone)]
pub struct Supplier {
    pub index: usize,
    pub seller_id: u64,
    pub login_id: String,
    pub company_zh: String,
    pub company_en: String,
    pub province_zh: &'static str,
    pub city_zh: &'static str,
    pub city_en: &'static str,
    /// `3A`…`5A` style credit level (the bearer family's `creditLevel`).
    pub credit_level: &'static str,
    /// Shop rating out of 5.
    pub trade_score: f64,
    pub years_on_1688: u32,
    pub is_factory: bool,
    pub badges_zh: Vec<&'static str>,
    /// AOP `sellerIdentities` codes.
    pub identities: Vec<&'static str>,
}

/// A quantity price break: from `min_qty` units, each costs `price` CNY.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceTier {
    pub min_qty: u32,
    pub price: f64,
}

/// One listing: a supplier selling a design.
#[derive(Debug, Clone)]
pub struct Offer {
    pub index: usize,
    pub offer_id: u64,
    pub design: usize,
    pub supplier: usize,
    pub title_zh: String,
    pub title_en: String,
    /// Ascending by `min_qty`; the first tier's `min_qty` is the MOQ.
    pub tiers: Vec<PriceTier>,
    pub consign_price: f64,
    pub month_sold: u32,
    pub total_sold: u32,
    pub repurchase_rate: f64,
    pub dropship: bool,
    /// 现货 (in stock) or 定制 (made to order).
    pub in_stock: bool,
    pub free_shipping: bool,
    pub post_fee: f64,
    pub ship_in_48h: bool,
    pub no_reason_7d_return: bool,
    pub new_30d: bool,
    /// Background tint index of this listing's photo (each supplier shoots their own).
    pub photo_style: u8,
}

impl Offer {
    pub fn moq(&self) -> u32 {
        self.tiers.first().map_or(1, |t| t.min_qty)
    }
    pub fn min_price(&self) -> f64 {
        self.tiers.iter().map(|t| t.price).fold(f64::INFINITY, f64::min)
    }
    pub fn max_price(&self) -> f64 {
        self.tiers.iter().map(|t| t.price).fold(0.0, f64::max)
    }
    pub fn supply_type_zh(&self) -> &'static str {
        if self.in_stock {
            "现货"
        } else {
            "定制"
        }
    }
    pub fn detail_url(&self) -> String {
        format!("https://detail.1688.com/offer/{}.html", self.offer_id)
    }
}

/// The whole demo catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub designs: Vec<Design>,
    pub suppliers: Vec<Supplier>,
    pub offers: Vec<Offer>,
    /// Offer indices per design, in the order a same-item search lists them.
    pub offers_by_design: Vec<Vec<usize>>,
}

const DESIGNS_PER_CATEGORY: usize = 12;
const SUPPLIERS_PER_CATEGORY: usize = 6;

const SHOP_NAMES: [&str; 24] = [
    "琪美", "鑫源", "恒达", "锦程", "优品", "佳禾", "盛世", "晨光", "宏图", "启航", "华彩", "聚福", "新悦", "众诚",
    "天禧", "汇丰", "博雅", "嘉和", "金柏", "瑞祥", "雅诺", "星辰", "万家", "乐途",
];
const SHOP_NAMES_EN: [&str; 24] = [
    "Qimei",
    "Xinyuan",
    "Hengda",
    "Jincheng",
    "Youpin",
    "Jiahe",
    "Shengshi",
    "Chenguang",
    "Hongtu",
    "Qihang",
    "Huacai",
    "Jufu",
    "Xinyue",
    "Zhongcheng",
    "Tianxi",
    "Huifeng",
    "Boya",
    "Jiahe Star",
    "Jinbai",
    "Ruixiang",
    "Yanuo",
    "Xingchen",
    "Wanjia",
    "Letu",
];

const TITLE_PREFIX_ZH: [&str; 8] =
    ["2025新款", "工厂直销", "跨境专供", "一件代发", "爆款", "源头厂家", "批发", "ins风"];
const TITLE_PREFIX_EN: [&str; 8] = [
    "2025 New",
    "Factory Direct",
    "Cross-border",
    "Dropshipping",
    "Best Seller",
    "Source Factory",
    "Wholesale",
    "Trendy",
];

fn category_adjective(category: Category) -> (&'static str, &'static str) {
    match category {
        Category::TShirt => ("纯棉宽松短袖", "Cotton Loose Short Sleeve"),
        Category::Dress => ("夏季收腰A字", "Summer A-line Waisted"),
        Category::Mug => ("陶瓷大容量办公室", "Large Capacity Office"),
        Category::ToteBag => ("大容量单肩", "Large Shoulder"),
        Category::Sneaker => ("透气百搭休闲", "Breathable Casual"),
        Category::PhoneCase => ("防摔硅胶适用苹果", "Shockproof Silicone for iPhone"),
        Category::PlushBear => ("公仔抱枕儿童礼物", "Doll Kids Gift"),
        Category::FryingPan => ("麦饭石不粘", "Stone Coated"),
        Category::Notebook => ("A5加厚学生", "A5 Thick Student"),
        Category::Scrunchie => ("缎面韩版头绳", "Satin Korean Hair Tie"),
        Category::Cap => ("男女遮阳鸭舌", "Unisex Sun Peaked"),
        Category::Backpack => ("学生书包旅行电脑", "School Travel Laptop"),
        Category::WaterBottle => ("316不锈钢便携", "316 Stainless Portable"),
        Category::Socks => ("纯棉吸汗运动", "Cotton Sweat-absorbing Sport"),
    }
}

fn round_price(p: f64) -> f64 {
    if p < 10.0 {
        (p * 100.0).round() / 100.0
    } else {
        (p * 10.0).round() / 10.0
    }
}

impl Catalog {
    /// Builds the catalog from fixed seeds; the same every time.
    pub fn generate() -> Catalog {
        let mut rng = SplitMix::new(0x1688_0000_5A4D);
        let mut suppliers = Vec::new();
        let mut suppliers_by_category: Vec<Vec<usize>> = Vec::new();
        for (ci, category) in Category::ALL.iter().enumerate() {
            let mut pool = Vec::new();
            for k in 0..SUPPLIERS_PER_CATEGORY {
                let index = suppliers.len();
                let hubs = category.hub_cities();
                let (city_zh, province_zh, city_en) = CITIES[hubs[k % hubs.len()]];
                let name_i = (ci * 7 + k * 5) % SHOP_NAMES.len();
                let is_factory = rng.chance(0.45);
                let kind_zh = if is_factory { "制造" } else { "贸易" };
                let kind_en = if is_factory { "Manufacturing" } else { "Trading" };
                let company_zh = format!("{city_zh}市{}{}{kind_zh}有限公司", SHOP_NAMES[name_i], category.trade_word());
                let company_en =
                    format!("{city_en} {} {} {kind_en} Co., Ltd.", SHOP_NAMES_EN[name_i], category.trade_word_en());
                let years = 1 + rng.below(14) as u32;
                let credit_level = ["3A", "4A", "4A", "5A", "5A"][rng.below(5) as usize];
                let mut badges_zh = vec![];
                let mut identities = vec!["tp_member"];
                if is_factory {
                    badges_zh.push("源头工厂");
                    identities.push("factory");
                    if rng.chance(0.4) {
                        badges_zh.push("超级工厂");
                        identities.push("super_factory");
                    }
                }
                if rng.chance(0.5) {
                    badges_zh.push("实力商家");
                    identities.push("powerful_merchants");
                }
                if rng.chance(0.35) {
                    badges_zh.push("深度验厂");
                    identities.push("certified_factory");
                }
                suppliers.push(Supplier {
                    index,
                    seller_id: 2_200_000_000_000 + (index as u64) * 7_919_337 + rng.below(7_000_000),
                    login_id: format!("{}{}", SHOP_NAMES_EN[name_i].to_lowercase().replace(' ', ""), 88 + index),
                    company_zh,
                    company_en,
                    province_zh,
                    city_zh,
                    city_en,
                    credit_level,
                    trade_score: 4.0 + (rng.below(11) as f64) / 10.0,
                    years_on_1688: years,
                    is_factory,
                    badges_zh,
                    identities,
                });
                pool.push(index);
            }
            suppliers_by_category.push(pool);
        }

        let mut designs = Vec::new();
        for category in Category::ALL {
            let mut used: Vec<(usize, Pattern)> = Vec::new();
            while used.len() < DESIGNS_PER_CATEGORY {
                let primary = rng.below(PALETTE.len() as u64) as usize;
                let pattern = Pattern::ALL[rng.below(Pattern::ALL.len() as u64) as usize];
                if used.contains(&(primary, pattern)) {
                    continue;
                }
                // A primary colour appears at most twice per category, so a
                // buyer's photo has few same-coloured lookalikes to confuse it with.
                if used.iter().filter(|(p, _)| *p == primary).count() >= 2 {
                    continue;
                }
                let mut secondary = rng.below(PALETTE.len() as u64) as usize;
                while colour_distance(PALETTE[secondary].rgb, PALETTE[primary].rgb) < 120.0 {
                    secondary = (secondary + 1) % PALETTE.len();
                }
                used.push((primary, pattern));
                let (lo, hi) = category.price_range();
                let base_price = lo + (hi - lo) * (0.15 + 0.6 * rng.unit());
                designs.push(Design {
                    index: designs.len(),
                    category,
                    primary: PALETTE[primary],
                    secondary: PALETTE[secondary],
                    pattern,
                    base_price,
                });
            }
        }

        let mut offers = Vec::new();
        let mut offers_by_design = vec![Vec::new(); designs.len()];
        for design in &designs {
            let ci = Category::ALL.iter().position(|c| *c == design.category).unwrap_or(0);
            let pool = &suppliers_by_category[ci];
            // Three to five sellers per design, some of them shared with other
            // categories' pools to reach about 80 shops in total.
            let count = 3 + rng.below(3) as usize;
            let start = rng.below(pool.len() as u64) as usize;
            for k in 0..count {
                let supplier = if k < pool.len() {
                    pool[(start + k) % pool.len()]
                } else {
                    rng.below(suppliers.len() as u64) as usize
                };
                let s = &suppliers[supplier];
                let index = offers.len();
                let factor = if s.is_factory { 0.82 + 0.18 * rng.unit() } else { 0.98 + 0.35 * rng.unit() };
                let first = round_price(design.base_price * factor);
                let moq: u32 = if s.is_factory {
                    [10, 20, 50, 100, 200][rng.below(5) as usize]
                } else {
                    [1, 2, 3, 5, 10][rng.below(5) as usize]
                };
                let tiers = vec![
                    PriceTier { min_qty: moq, price: first },
                    PriceTier { min_qty: moq * 5, price: round_price(first * 0.94) },
                    PriceTier { min_qty: moq * 20, price: round_price(first * 0.87) },
                ];
                let prefix = rng.below(TITLE_PREFIX_ZH.len() as u64) as usize;
                let (adj_zh, adj_en) = category_adjective(design.category);
                let title_zh = format!(
                    "{}{}{}{}{}",
                    TITLE_PREFIX_ZH[prefix],
                    design.primary.zh,
                    design.pattern.zh(),
                    adj_zh,
                    design.category.name_zh()
                );
                let title_en = format!(
                    "{} {} {} {} {}",
                    TITLE_PREFIX_EN[prefix],
                    design.primary.en,
                    design.pattern.en(),
                    adj_en,
                    design.category.name_en()
                );
                let month_sold = (rng.below(4000) as u32 + 20) / if s.is_factory { 3 } else { 1 };
                let dropship = !s.is_factory || rng.chance(0.3);
                offers.push(Offer {
                    index,
                    offer_id: 600_000_000_000 + (index as u64) * 123_456_791 + rng.below(100_000_000),
                    design: design.index,
                    supplier,
                    title_zh,
                    title_en,
                    consign_price: round_price(first * 1.12),
                    tiers,
                    month_sold,
                    total_sold: month_sold * (2 + rng.below(20) as u32),
                    repurchase_rate: ((5.0 + 40.0 * rng.unit()) * 10.0).round() / 10.0,
                    dropship,
                    in_stock: rng.chance(0.75),
                    free_shipping: rng.chance(0.4),
                    post_fee: [4.0, 5.0, 6.0, 8.0, 10.0][rng.below(5) as usize],
                    ship_in_48h: rng.chance(0.6),
                    no_reason_7d_return: rng.chance(0.7),
                    new_30d: rng.chance(0.15),
                    photo_style: rng.below(4) as u8,
                });
                offers_by_design[design.index].push(index);
            }
        }
        // Same-item lists put the best-selling listing first, as 1688 does.
        for list in &mut offers_by_design {
            list.sort_by(|a, b| offers[*b].month_sold.cmp(&offers[*a].month_sold).then(a.cmp(b)));
        }
        Catalog { designs, suppliers, offers, offers_by_design }
    }

    pub fn offer_by_id(&self, offer_id: u64) -> Option<&Offer> {
        self.offers.iter().find(|o| o.offer_id == offer_id)
    }
}

pub(crate) fn colour_distance(a: [u8; 3], b: [u8; 3]) -> f64 {
    let d: f64 = a.iter().zip(b.iter()).map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2)).sum();
    d.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_the_promised_size_and_variety() {
        let c = Catalog::generate();
        assert!(c.offers.len() >= 500, "{} offers", c.offers.len());
        assert!(c.suppliers.len() >= 80);
        let mut ids: Vec<u64> = c.offers.iter().map(|o| o.offer_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), c.offers.len(), "offer ids are unique");
        for list in &c.offers_by_design {
            assert!(list.len() >= 3);
        }
        let again = Catalog::generate();
        assert_eq!(again.offers[17].title_zh, c.offers[17].title_zh);
    }
}
