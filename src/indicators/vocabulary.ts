// The indicator vocabulary: the figures vocational-education quality reports (职业教育质量年度报告,
// 中职质量报告, “双高计划”自评报告) give year after year, each with a canonical key, its Chinese name,
// the unit family it is counted in, and the names reports print for it. Sources: the indicator
// tables of the 质量年度报告 (学生发展, 教学资源, 教师队伍, 服务贡献, 政策落实) and the text of the
// corpus seeds. A printed label is matched against the variants; Chinese noun phrases are
// head-final, so the variant that ends last in the label names what is counted (在校生满意度 is a
// 满意度, not an enrolment).

/**
 * What kind of quantity an indicator is, and so which units it may be printed in:
 * persons 人 (名, 位); personTimes 人次 (人日, 人天); count any measure word (个, 项, 所, 家, 门, 册…);
 * money 元 (万元, 亿元, 元/生); area 平方米 (万平方米, ㎡, 亩); rate % or ‰; ratio a:1; hours 学时, 课时, 小时.
 */
export type UnitFamily = 'persons' | 'personTimes' | 'count' | 'money' | 'area' | 'rate' | 'ratio' | 'hours';

export interface IndicatorDef {
  /** Canonical key, e.g. `students.enrolled`. */
  key: string;
  /** The name a reader of these reports knows it by. */
  name: string;
  family: UnitFamily;
  /** Where the family allows several measure words, the ones this indicator is counted in. */
  units?: string[];
  /** Names reports print for it (the name itself is always one). */
  variants: string[];
  /** The indicator a “占比 N%” right after this one's count is (双师型教师 2300人，占比57.6%). */
  share?: string;
}

export const VOCABULARY: IndicatorDef[] = [
  // 办学规模
  { key: 'institutions.count', name: '院校数', family: 'count', units: ['所', '个', '家'], variants: ['职业院校', '院校', '职业学校', '中职学校', '高职院校', '中等职业学校', '技工学校', '学校数', '示范性学校', '示范学校', '示范校', '星级学校'] },
  { key: 'majors.count', name: '专业数', family: 'count', units: ['个', '门'], variants: ['招生专业', '开设专业', '专业点', '专业数', '设专业', '专业总数', '专业招生', '共设专业', '开设专业数'] },
  { key: 'majors.new', name: '新增专业数', family: 'count', units: ['个'], variants: ['新增专业', '增设专业', '新设专业'] },
  { key: 'majors.closed', name: '撤销专业数', family: 'count', units: ['个'], variants: ['撤销专业', '停办专业', '停招专业'] },
  { key: 'students.enrolled', name: '在校生数', family: 'persons', variants: ['在校生', '在校学生', '在籍学生', '在校生人数', '在校生数', '在校学生人数', '在校生数量', '在校生规模', '学生规模', '全日制在校生', '在籍生'] },
  { key: 'students.perSchool', name: '校均在校生数', family: 'persons', variants: ['校均', '校均规模', '校均在校生'] },
  { key: 'students.admitted', name: '招生数', family: 'persons', variants: ['招生', '招生人数', '招生数', '招收', '招收新生', '录取', '录取新生', '新生', '新生人数', '招录新生', '招生规模', '录取各类新生', '完成招生人数', '招生总数'] },
  { key: 'students.registrationRate', name: '新生报到率', family: 'rate', variants: ['新生报到率', '报到率'] },
  { key: 'students.admissionPlan', name: '招生计划数', family: 'persons', variants: ['招生计划', '招生计划数', '计划数'] },
  { key: 'graduates.count', name: '毕业生数', family: 'persons', variants: ['毕业生', '毕业生人数', '毕业人数', '应届毕业生', '毕业生数', '毕业学生数', '毕业学生'] },
  // 就业与升学
  { key: 'employment.placed', name: '毕业去向落实人数', family: 'persons', variants: ['毕业去向落实人数', '去向落实人数', '落实人数'], share: 'employment.rate' },
  { key: 'employment.employed', name: '就业人数', family: 'persons', variants: ['就业人数', '就业总数', '就业学生', '直接就业人数'], share: 'employment.directRate' },
  { key: 'employment.rate', name: '毕业去向落实率', family: 'rate', variants: ['毕业去向落实率', '去向落实率', '就业率', '初次就业率', '年终就业率', '总就业率', '就业落实率'] },
  { key: 'employment.directRate', name: '直接就业率', family: 'rate', variants: ['直接就业率', '直接就业比例'] },
  // Parts of the 毕业去向落实率 (教育部's destination categories: 协议和合同就业, 自主创业, 灵活就业, 升学):
  // a kind of employment before 就业率 names its own share, not the whole.
  { key: 'employment.contractRate', name: '协议和合同就业率', family: 'rate', variants: ['协议和合同就业率', '协议就业率', '合同就业率', '签约就业率', '签约率', '协议和合同就业比例'] },
  { key: 'employment.flexibleRate', name: '灵活就业率', family: 'rate', variants: ['灵活就业率', '灵活就业比例', '灵活就业占比'] },
  { key: 'employment.localRate', name: '本地就业率', family: 'rate', variants: ['本省去向落实率', '本地就业率', '本省就业率', '省内就业率', '本市就业率', '区内就业率', '本地就业比例', '本地就业'] },
  { key: 'employment.matched', name: '对口就业率', family: 'rate', variants: ['对口就业率', '专业对口就业率', '专业对口率', '对口率', '专业相关度', '对口就业'] },
  { key: 'further.count', name: '升学人数', family: 'persons', variants: ['升学人数', '升学', '升入高职', '升入高职高专院校', '升入高一级学校人数', '专升本', '升入本科', '升入普通本科院校', '升高职', '升读本科', '升读专科', '升入高等院校'], share: 'further.rate' },
  { key: 'further.rate', name: '升学率', family: 'rate', variants: ['升学率', '升学人数占比', '升学比例', '升学占比', '毕业晋升率', '升学人数比例'] },
  { key: 'entrepreneurship.rate', name: '自主创业率', family: 'rate', variants: ['自主创业率', '创业率'] },
  { key: 'entrepreneurship.count', name: '自主创业人数', family: 'persons', variants: ['自主创业', '自主创业人数', '创业人数'], share: 'entrepreneurship.rate' },
  { key: 'graduates.salary', name: '毕业生月均收入', family: 'money', variants: ['月均收入', '平均月收入', '平均月薪', '月收入', '起薪', '月薪'] },
  { key: 'graduates.promotionRate', name: '毕业生职位晋升比例', family: 'rate', variants: ['晋升比例', '职位晋升比例', '职位晋升率', '职务晋升比例'] },
  { key: 'employer.satisfaction', name: '用人单位满意度', family: 'rate', variants: ['用人单位满意度', '企业满意度', '雇主满意度', '用人单位对毕业生满意度', '用人单位评价满意度', '实习单位满意度'] },
  { key: 'staff.satisfaction', name: '教职工满意度', family: 'rate', variants: ['教职工满意度', '教师满意度', '教職工满意度'] },
  { key: 'students.satisfaction', name: '学生满意度', family: 'rate', variants: ['在校生满意度', '学生满意度', '对学校满意度', '对母校满意度', '实习满意度', '毕业生满意度', '课堂育人满意度', '课外育人满意度', '教学满意度', '生活满意度', '管理服务满意度'] },
  { key: 'parents.satisfaction', name: '家长满意度', family: 'rate', variants: ['家长满意度'] },
  { key: 'students.consolidationRate', name: '学生巩固率', family: 'rate', variants: ['巩固率', '学生巩固率', '在校生巩固率'] },
  { key: 'students.physicalPassRate', name: '体质健康测试合格率', family: 'rate', variants: ['体质测试合格率', '体质健康测试合格率', '体质健康达标率', '体测合格率', '体质健康合格率', '体质测评合格率'] },
  { key: 'students.certificateRate', name: '职业技能等级证书获取率', family: 'rate', variants: ['证书获取率', '双证书获取率', '职业资格证书获取率', '证书获得率', '取证率', '双证率'] },
  // 教师队伍
  { key: 'teachers.staff', name: '教职工数', family: 'persons', variants: ['教职工', '教职工人数', '教职工总数', '在编教职工', '教职员工', '教职员工总数'] },
  { key: 'teachers.fulltime', name: '专任教师数', family: 'persons', variants: ['专任教师', '专任教师数', '专任教师人数', '专职教师', '专任教师总数'] },
  { key: 'teachers.dualQualified', name: '双师型教师数', family: 'persons', variants: ['双师型教师', '“双师型”教师', '双师型', '“双师型”', '双师素质教师', '双师型教师人数'], share: 'teachers.dualQualifiedShare' },
  { key: 'teachers.dualQualifiedShare', name: '双师型教师占比', family: 'rate', variants: ['双师型教师占比', '双师型教师比例', '双师比例', '“双师型”教师占比', '“双师型”教师比例', '双师型教师占专任教师比例', '双师素质教师比例'] },
  { key: 'teachers.seniorTitle', name: '高级职称教师数', family: 'persons', variants: ['副高以上职称', '高级职称', '副高级及以上职称', '高级职称教师', '副高及以上职称', '高级以上职称'], share: 'teachers.seniorTitleShare' },
  { key: 'teachers.seniorTitleShare', name: '高级职称教师占比', family: 'rate', variants: ['高级职称教师占比', '高级职称比例', '高级职称教师比例', '副高以上职称比例'] },
  { key: 'teachers.doctorate', name: '博士学位教师数', family: 'persons', variants: ['博士', '博士数', '博士学位教师', '博士研究生'] },
  { key: 'teachers.master', name: '硕士及以上学位教师数', family: 'persons', variants: ['硕士', '硕士及以上学位', '研究生学历', '硕士研究生', '硕士以上学位', '硕士学历以上', '硕士及以上学历', '研究生及以上学历'] },
  { key: 'teachers.parttime', name: '兼职教师数', family: 'persons', variants: ['兼职教师', '校外兼职教师', '外聘教师', '兼职教师数', '企业兼职教师'] },
  { key: 'ratio.studentTeacher', name: '生师比', family: 'ratio', variants: ['生师比', '师生比'] },
  { key: 'teachers.training', name: '教师培训人次', family: 'personTimes', variants: ['教师培训', '培训教师', '教师参加培训', '师资培训'] },
  // 办学条件
  { key: 'campus.area', name: '占地面积', family: 'area', variants: ['占地面积', '校园占地面积', '校园面积', '占地', '占地总面积', '校园总面积'] },
  { key: 'campus.areaPerStudent', name: '生均校园面积', family: 'area', variants: ['生均校园面积', '生均占地面积'] },
  { key: 'building.areaPerStudent', name: '生均校舍建筑面积', family: 'area', variants: ['生均建筑面积', '生均校舍建筑面积', '生均校舍面积'] },
  { key: 'building.area', name: '校舍建筑面积', family: 'area', variants: ['建筑面积', '校舍建筑面积', '校舍面积', '建筑总面积', '校舍总面积'] },
  { key: 'equipment.value', name: '教学仪器设备总值', family: 'money', variants: ['教学科研设备总值', '教学仪器设备总值', '设备总值', '仪器设备值', '教学仪器设备值', '设备值', '仪器设备总值'] },
  { key: 'equipment.perStudent', name: '生均教学仪器设备值', family: 'money', variants: ['生均教学仪器设备值', '生均教学仪器设备总值', '生均设备值', '生均仪器设备值', '生均教学科研仪器设备值', '生均教学、实习仪器设备资产值', '生均仪器设备资产值'] },
  { key: 'library.books', name: '纸质图书', family: 'count', units: ['册', '本'], variants: ['纸质图书', '馆藏图书', '图书', '藏书', '馆藏纸质图书'] },
  { key: 'library.booksPerStudent', name: '生均纸质图书', family: 'count', units: ['册', '本'], variants: ['生均图书', '生均纸质图书', '生均藏书'] },
  { key: 'library.ebooks', name: '电子图书', family: 'count', units: ['册', '本', '种'], variants: ['电子图书', '电子图书数', '电子书'] },
  { key: 'training.bases', name: '实训基地数', family: 'count', units: ['个', '家', '所'], variants: ['实训基地', '实习实训基地', '校外实习实训基地', '校内实训基地', '校外实训基地', '实习基地', '实践基地', '实训室', '实训中心'] },
  { key: 'training.stations', name: '实训工位数', family: 'count', units: ['个'], variants: ['工位', '工位数', '实训工位', '实训工位数', '实习实训岗位数', '实训岗位', '实习岗位'] },
  { key: 'training.stationsPerStudent', name: '生均实训工位数', family: 'count', units: ['个'], variants: ['生均校内实践教学工位数', '生均实训工位数', '生均工位数', '生均实践教学工位数'] },
  { key: 'funding.perStudent', name: '生均经费', family: 'money', variants: ['生均经费', '生均拨款', '生均财政拨款', '生均公用经费', '生均拨款水平', '生均财政拨款水平'] },
  { key: 'funding.total', name: '经费投入', family: 'money', variants: ['经费投入', '办学经费', '经费收入', '经费总收入', '财政拨款', '经费总投入', '投入资金', '投入', '总收入', '专项资金', '项目资金'] },
  { key: 'students.aid', name: '资助学生人次', family: 'personTimes', variants: ['资助学生', '资助', '受助学生', '助学人数', '资助人数', '受助人数', '资助学生人次'] },
  { key: 'students.aidAmount', name: '资助金额', family: 'money', variants: ['助学金额', '资助金额', '资助资金', '发放资助金', '奖助学金'] },
  // 服务贡献
  { key: 'partners.enterprises', name: '校企合作企业数', family: 'count', units: ['家', '个'], variants: ['合作企业', '校企合作企业', '合作企业数', '校企合作', '订单企业'] },
  { key: 'industry.colleges', name: '产业学院数', family: 'count', units: ['个', '所', '家'], variants: ['产业学院'] },
  { key: 'social.training', name: '社会培训人次', family: 'personTimes', variants: ['社会培训', '培训', '培训人次', '技能培训', '非学历培训', '职业培训', '培训总数', '社会培训人次', '培训服务', '技术技能培训', '技术技能培训服务'] },
  { key: 'social.trainingRevenue', name: '非学历培训到账经费', family: 'money', variants: ['培训到账经费', '培训收入', '非学历培训到账经费', '培训经费'] },
  { key: 'research.patents', name: '专利授权数', family: 'count', units: ['项', '件', '个'], variants: ['专利', '专利授权量', '授权专利', '专利授权', '发明专利'] },
  { key: 'research.serviceRevenue', name: '技术服务到款额', family: 'money', variants: ['技术服务到款额', '技术产权交易收入', '成果转化到款额', '专利成果转化到款额', '技术服务收入', '横向技术服务到款额', '横向技术服务产生经济效益'] },
  { key: 'research.services', name: '技术服务项目数', family: 'count', units: ['项', '个'], variants: ['技术服务', '横向技术服务', '技术服务项目'] },
  // 教学改革与成果
  { key: 'courses.quality', name: '精品课程数', family: 'count', units: ['门', '个', '项'], variants: ['精品课程', '在线精品课', '在线精品课程', '示范课程', '课程思政示范课', '课程思政示范课程', '精品课'] },
  { key: 'textbooks.count', name: '教材数', family: 'count', units: ['本', '部', '种'], variants: ['教材', '规划教材', '新形态教材', '国家规划教材', '编写教材'] },
  { key: 'resources.libraries', name: '教学资源库数', family: 'count', units: ['个', '项'], variants: ['教学资源库', '资源库', '专业教学资源库'] },
  { key: 'certificates.pilots', name: '“1+X”证书试点数', family: 'count', units: ['个', '项'], variants: ['证书试点', '1+X证书试点', '“1+X”证书试点'] },
  { key: 'awards.skills', name: '技能大赛获奖数', family: 'count', units: ['项', '个', '名', '人'], variants: ['技能大赛获奖', '技能大赛奖', '技能竞赛获奖', '职业技能大赛获奖', '职业技能大赛奖', '技能大赛', '技能竞赛', '大赛获奖', '竞赛获奖', '技能大赛获奖项目', '大赛获奖项目', '技能竞赛获奖项目'] },
  { key: 'awards.teachingAchievement', name: '教学成果奖数', family: 'count', units: ['项', '个'], variants: ['教学成果奖', '教学成果'] },
  { key: 'awards.teachingCompetition', name: '教师教学能力比赛获奖数', family: 'count', units: ['项', '个'], variants: ['教学能力比赛', '教师教学能力比赛', '教学能力大赛'] },
];

/** key → definition. */
export const INDICATORS: ReadonlyMap<string, IndicatorDef> = new Map(VOCABULARY.map((d) => [d.key, d]));
