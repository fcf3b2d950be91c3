using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Assessment;

public sealed class AssessmentTests
{
    /// <summary>
    /// A worked example, by hand. Facts (2023 unless said):
    /// - 云岩区: project A, industrial, investor E1, signed 15 March for 12亿 (5,000 m² of standard factory), funds 3亿 in
    ///   March and 2亿 in June; project B, not industrial, investor E3, signed 1 December 2022 for 5亿, funds 1亿 in February
    ///   (funds follow the contract: none before its month).
    /// - 南明区: project C, industrial, investor E2, signed 10 May for 25亿 (10,000 m² of standard factory), funds 4亿 in May.
    /// - 北京联络处 visited E1 first (1 November 2022) and accompanied E2's inspection (1 April).
    /// - 上海联络处 visited E2 first (10 February), and on 1 March, in one visit, E6 and E7 (its first visits to them). Its
    ///   claim to have visited E1 first is refused: 北京 was there on 1 November 2022.
    /// - 乌当经济开发区 signs three projects: 新型建材 (manufacturing) for 5亿, 基础能源 (industrial, not manufacturing) for 8亿,
    ///   生态特色食品 (manufacturing) for 2亿: one 优强项目 (a manufacturing project of 3亿 or more), not two.
    /// - Leader trips: 乌当区's principal leader, who also heads 乌当经济开发区, on 10 April (counted for both); the zone's own
    ///   principal leader on 5 May; the zone's other leaders on 1 June, meeting three enterprises in one trip (one trip).
    /// Up to June (m6: 6 of 12 months gone, time progress 50 %):
    /// - 云岩区 产业到位资金 3+2+1 = 6 of 20 → 30 %, expected 20×6/12 = 10, 20 points behind time → behind, 2nd of 2;
    ///   工业到位资金 (A only) 3+2 = 5 of 10 → 50 %, expected 5 → on track, 2nd; 工业资金占比 5/6 = 83.3333 % of the
    ///   target 50 % → 166.67 % (a ratio is expected at its target all year) → ahead, 2nd; 项目签约金额 A's 12 (B was signed
    ///   in 2022) of 24 → 50 % → on track.
    /// - 南明区 产业到位资金 4 of 8 → 50 %, on track, 1st; 工业到位资金 4 of 4 → 100 %, ahead, 1st; 工业资金占比 4/4 = 100 %
    ///   of 50 % → 200 %, 1st (云岩区 2nd); 签约 25 of 20 → 125 %, 1st.
    /// - 乌当区 领导赴省外招商 its own trip = 1 of 12 → 8.33 % (the zone's own trips are the zone's); 乌当经济开发区 2 own + 1
    ///   joint = 3 of 24 → 12.5 %; 签约优强项目 1 of 4 → 25 %.
    /// - 北京联络处 项目签约金额: A at 100 % (E1 visited first) + C at 50 % (E2 accompanied) = 12 + 12.5 = 24.5 of 30 →
    ///   81.67 %, ahead (expected 15), 2nd; 拜访企业数 0 of 10 (its visit to E1 was in 2022) → behind, 2nd; 标房招商面积
    ///   A's 0.5 + C's 1 = 1.5万㎡ of 2 (an area is the office's whole or nothing: the 50 % is for signed amounts only).
    /// - 上海联络处 项目签约金额: C at 100 % = 25 of 20 → 125 %, 1st; 拜访企业数 E2, E6, E7 = 3 of 4 → 75 %, ahead, 1st.
    /// Up to the second 旬 of June (m6x2: 5⅔ months): 云岩区 产业到位资金 expected 20 × 17/36 = 9.4444; the first quarter
    /// (q1): funds 3+1 = 4, signed A's 12.
    /// Each behaviour below checks one part of it, on its own world.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public Task The_figures_up_to_June_match_the_hand_computation_with_office_attribution_time_progress_and_ranks(Db db) =>
        WorkedExample.RunAsync(db, e => e.FiguresUpToJuneAsync());

    [Theory, SqliteData, PostgresData]
    public Task A_unit_sees_its_own_rows_ranked_among_all_its_peers(Db db) =>
        WorkedExample.RunAsync(db, e => e.OwnRowsAsync());

    [Theory, SqliteData, PostgresData]
    public Task The_first_visit_is_one_office_s_fact_and_a_second_claim_names_the_first(Db db) =>
        WorkedExample.RunAsync(db, e => e.FirstVisitClaimsAsync());

    [Theory, SqliteData, PostgresData]
    public Task A_leader_trip_counts_for_a_zone_only_when_a_principal_leader_heads_both(Db db) =>
        WorkedExample.RunAsync(db, e => e.TripRefusalsAsync());

    [Theory, SqliteData, PostgresData]
    public Task Points_and_bonuses_follow_the_year_s_rules_as_data(Db db) =>
        WorkedExample.RunAsync(db, e => e.ApplyRulesAsync(), e => e.PointsAsync());

    [Theory, SqliteData, PostgresData]
    public Task A_correction_is_added_to_its_figure_and_the_ratio_follows(Db db) =>
        WorkedExample.RunAsync(db, e => e.CorrectAsync(), e => e.CorrectionAsync());

    [Theory, SqliteData, PostgresData]
    public Task The_assessment_is_kept_until_a_table_it_reads_changes(Db db) =>
        WorkedExample.RunAsync(db, e => e.ApplyRulesAsync(), e => e.CorrectAsync(), e => e.ReadsOnlySignalledTablesAsync());

    [Theory, SqliteData, PostgresData]
    public Task Every_figure_drills_down_to_the_facts_that_make_it(Db db) =>
        WorkedExample.RunAsync(db, e => e.ApplyRulesAsync(), e => e.CorrectAsync(), e => e.DrillDownAsync());

    [Theory, SqliteData, PostgresData]
    public Task A_closed_month_is_frozen_late_facts_count_from_the_next_and_its_bulletin_reads_back(Db db) =>
        WorkedExample.RunAsync(db, e => e.ApplyRulesAsync(), e => e.CorrectAsync(), e => e.CloseJuneAsync());
}
