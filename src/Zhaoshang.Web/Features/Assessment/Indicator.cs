using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>Which facts of the ledger an indicator is computed from.</summary>
[JsonConverter(typeof(JsonNamedEnum<FactKind>))]
public enum FactKind
{
    /// <summary>到位资金 entries.</summary>
    Funds,
    /// <summary>Projects signed in the period.</summary>
    Signings,
    Activities,
    /// <summary>The problems and appeals a handling unit was dispatched (<see cref="Measure.ClosureRate"/> or <see cref="Measure.OnTimeRate"/>).</summary>
    Tickets,
    /// <summary>The unit's signed projects and their stages (<see cref="Measure.StartRate"/>, <see cref="Measure.ProductionRate"/>, <see cref="Measure.NewSigningStartRate"/>).</summary>
    Stages,
    /// <summary>Two other indicators' quotient, as a percentage.</summary>
    Ratio,
    /// <summary>Entered by hand, not computed.</summary>
    Manual,
}

/// <summary>How an indicator's facts add up.</summary>
[JsonConverter(typeof(JsonNamedEnum<Aggregation>))]
public enum Aggregation
{
    /// <summary>Of the fact's <see cref="Measure"/>.</summary>
    Sum,
    Count,
    /// <summary>The enterprises the facts name, each once per unit.</summary>
    DistinctEnterprises,
}

/// <summary>What is added up: for funds and signings an amount or an area; for tickets, which rate.</summary>
[JsonConverter(typeof(JsonNamedEnum<Measure>))]
public enum Measure
{
    /// <summary>Yuan: the entry's, or the contract's.</summary>
    Amount,
    /// <summary>m² of standard factory used.</summary>
    FactoryArea,
    ClosureRate,
    OnTimeRate,
    /// <summary>开工率, 投产率 and 新签约项目开工率 as <see cref="Projects.ProjectRates"/> defines them.</summary>
    StartRate,
    ProductionRate,
    NewSigningStartRate,
}

/// <summary>Which unit a fact is credited to by default (a year's rules may say otherwise per group).</summary>
[JsonConverter(typeof(JsonNamedEnum<Attribution>))]
public enum Attribution
{
    /// <summary>The project's or activity's unit and its parents.</summary>
    Responsible,
    /// <summary>The resident offices that took part.</summary>
    Offices,
    /// <summary>
    /// The unit that recorded the activity, and the unit a principal leader heading both counts it for: a leader's trip
    /// counts for the unit whose leader made it, not for the units above it.
    /// </summary>
    Own,
}

/// <summary>
/// How an indicator is computed from the ledger's facts, as data (stored as JSON, each kind by its name): which facts
/// (<see cref="Fact"/>), which of them (<see cref="Projects"/>, <see cref="ActivityKinds"/>, <see cref="StrongEnterprise"/>),
/// how they add up (<see cref="Aggregation"/>, divided by <see cref="Scale"/> into the indicator's unit), credited to which
/// unit by default (<see cref="Attribution"/>), or a ratio of two indicators.
/// </summary>
public sealed record IndicatorDefinition
{
    public required FactKind Fact { get; init; }

    public Aggregation Aggregation { get; init; } = Aggregation.Sum;

    public Measure Measure { get; init; } = Measure.Amount;

    /// <summary>The fact's amount (yuan, m²) is divided by this: 1e8 for 亿元, 1e4 for 万㎡.</summary>
    public decimal Scale { get; init; } = 1;

    public ProjectCriteria? Projects { get; init; }
    public string[]? ActivityKinds { get; init; }

    /// <summary>Only enterprises that count as 优强 (央企, 500 强, 专精特新 and the rest DOMAIN.md lists).</summary>
    public bool? StrongEnterprise { get; init; }

    public Attribution Attribution { get; init; } = Attribution.Responsible;

    /// <summary>For a ratio: the codes of the two indicators, as a percentage.</summary>
    public string? Numerator { get; init; }
    public string? Denominator { get; init; }
}

/// <summary>Which projects a fact counts: the ledger's flags and an amount floor.</summary>
public sealed record ProjectCriteria
{
    public bool? Industrial { get; init; }
    /// <summary>The project's industry is manufacturing (制造业, GB/T 4754 section C; <see cref="Projects.Industry.IsManufacturing"/>).</summary>
    public bool? Manufacturing { get; init; }
    public bool? HqEconomy { get; init; }
    public bool? DigitalEconomy { get; init; }
    public bool? CentralSoe { get; init; }
    public long? MinInvestmentYuan { get; init; }
}

/// <summary>An assessment indicator (考核指标): what the decomposition tables set targets for.</summary>
public sealed class Indicator
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public required string Unit { get; set; }
    public string DefinitionJson { get; set; } = "{}";

    /// <summary>The column headers it is known by in decomposition tables ("parent/child" for a two-row header).</summary>
    public string HeadersJson { get; set; } = "[]";

    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>An indicator's name in the reader's language: its English name when English is chosen and it has one.</summary>
    public static string LocalName(string name, string? nameEn) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" && nameEn is { Length: > 0 } ? nameEn : name;

    /// <summary>The definition, parsed once per stored text (not on every access: the engine reads it per unit and period).</summary>
    public IndicatorDefinition Definition => Parsed(DefinitionJson, ref _definition);

    public IReadOnlyList<string> Headers => Parsed(HeadersJson, ref _headers);

    private Tuple<string, IndicatorDefinition>? _definition;
    private Tuple<string, string[]>? _headers;

    /// <summary>The parse of <paramref name="json"/>, kept with the text it came from (one reference: safe to read from several threads).</summary>
    private static T Parsed<T>(string json, ref Tuple<string, T>? cache)
    {
        var c = cache;
        if (c is null || !ReferenceEquals(c.Item1, json))
        {
            cache = c = Tuple.Create(json, JsonSerializer.Deserialize<T>(json, AppJson.Options)!);
        }
        return c.Item2;
    }

    public bool IsRatio => Unit == "%";

    private const decimal Yi = 100_000_000m;

    /// <summary>Every indicator of the 2023 decomposition tables of Guiyang (seed 002), with the headers they use.</summary>
    public static IReadOnlyList<Indicator> Guiyang2023() => new[]
    {
        // A unit's own trips (seed 002: a trip counts for a provincial zone and its district only when one principal leader heads both).
        Make("leaderTrips", "领导赴省外招商", "Leader trips out of province", "次",
            new() { Fact = FactKind.Activities, Aggregation = Aggregation.Count, ActivityKinds = ["LeaderTrip"], Attribution = Attribution.Own }, "领导赴省外招商"),
        Make("industryFunds", "产业到位资金", "Industry funds in place", "亿元",
            new() { Fact = FactKind.Funds, Scale = Yi }, "产业到位资金"),
        Make("industrialFunds", "工业到位资金", "Industrial funds in place", "亿元",
            new() { Fact = FactKind.Funds, Scale = Yi, Projects = new() { Industrial = true } }, "工业到位资金"),
        Make("industrialShare", "工业资金占比", "Industrial share of funds", "%",
            new() { Fact = FactKind.Ratio, Numerator = "industrialFunds", Denominator = "industryFunds" }, "工业资金占比"),
        Make("strongEnterprises", "优强企业", "Strong enterprises introduced", "个",
            new() { Fact = FactKind.Signings, Aggregation = Aggregation.DistinctEnterprises, StrongEnterprise = true }, "优强企业"),
        Make("hqProjects", "总部经济项目", "HQ-economy projects", "个",
            new() { Fact = FactKind.Signings, Aggregation = Aggregation.Count, Projects = new() { HqEconomy = true } }, "总部经济"),
        Make("digitalProjects", "数字经济项目", "Digital-economy projects", "个",
            new() { Fact = FactKind.Signings, Aggregation = Aggregation.Count, Projects = new() { DigitalEconomy = true } }, "数字经济"),
        Make("centralSoeSigned", "央企签约金额", "Central-SOE signed amount", "亿元",
            new() { Fact = FactKind.Signings, Scale = Yi, Projects = new() { CentralSoe = true } }, "央企签约金额"),
        // 优强项目: a manufacturing project of 3亿 or more (seed 002, note to the provincial zones' table).
        Make("strongProjects", "签约优强项目", "Strong projects signed", "个",
            new() { Fact = FactKind.Signings, Aggregation = Aggregation.Count, Projects = new() { Manufacturing = true, MinInvestmentYuan = 300_000_000 } }, "签约优强项目"),
        // Computed from the standard-factory figures of 市工信局 (seed 002): entered by hand until factories are in the system.
        Make("factoryCompletion", "标房招商完成比例", "Standard-factory completion", "%",
            new() { Fact = FactKind.Manual }, "标房招商完成比例"),
        // The provincial zones' standard-factory scoring (seed 002): three usage rates, each scored pro rata to its threshold.
        Make("factoryStockUsage", "存量标准厂房使用率", "Usage of standard factories built by 2021", "%",
            new() { Fact = FactKind.Manual }, "存量标准厂房使用率"),
        Make("factoryNewUsage", "新建标准厂房一年后使用率", "Usage a year after completion of factories built 2022–2023", "%",
            new() { Fact = FactKind.Manual }, "新建标准厂房一年后使用率"),
        Make("factoryIntendedOccupancy", "在建标准厂房意向入驻率", "Intended occupancy of factories under construction", "%",
            new() { Fact = FactKind.Manual }, "在建标准厂房意向入驻率"),
        Make("enterprisesVisited", "拜访企业（商协会）数", "Enterprises and associations visited", "家",
            new() { Fact = FactKind.Activities, Aggregation = Aggregation.DistinctEnterprises, ActivityKinds = ["Visit"], Attribution = Attribution.Offices },
            "拜访企业(商协会)数", "拜访企业数"),
        Make("enterprisesInvited", "邀请企业来筑考察数", "Enterprises invited to inspect", "家",
            new() { Fact = FactKind.Activities, Aggregation = Aggregation.DistinctEnterprises, ActivityKinds = ["Inspection"], Attribution = Attribution.Offices },
            "邀请企业来筑考察数/总数", "邀请企业来筑考察数"),
        Make("strongEnterprisesInvited", "邀请优强企业来筑考察数", "Strong enterprises invited to inspect", "家",
            new() { Fact = FactKind.Activities, Aggregation = Aggregation.DistinctEnterprises, ActivityKinds = ["Inspection"], StrongEnterprise = true, Attribution = Attribution.Offices },
            "邀请企业来筑考察数/优强企业数", "邀请优强企业来筑考察数"),
        Make("signedAmount", "项目签约金额", "Signed amount", "亿元",
            new() { Fact = FactKind.Signings, Scale = Yi }, "签约金额", "项目签约金额/总金额", "项目签约金额"),
        Make("industrialSignedAmount", "工业项目签约金额", "Industrial signed amount", "亿元",
            new() { Fact = FactKind.Signings, Scale = Yi, Projects = new() { Industrial = true } },
            "工业项目签约金额", "项目签约金额/工业项目金额"),
        Make("factoryArea", "标房招商面积", "Standard-factory area let", "万㎡",
            new() { Fact = FactKind.Signings, Measure = Measure.FactoryArea, Scale = 10_000 }, "标房招商面积"),
        // The handling departments' problems and appeals (seed 004: 办结率); not in seed 002's tables, for a year's rules to use.
        Make("ticketClosureRate", "问题诉求办结率", "Problem and appeal closure rate", "%",
            new() { Fact = FactKind.Tickets, Measure = Measure.ClosureRate }, "问题诉求办结率", "办结率"),
        Make("ticketOnTimeRate", "问题诉求按时办结率", "Problem and appeal on-time rate", "%",
            new() { Fact = FactKind.Tickets, Measure = Measure.OnTimeRate }, "问题诉求按时办结率", "按时办结率"),
        // The projects' rates (issue 19; seed 001: 开工率 71.3 %, 投产率 23.4 %; seed 004: 新签约项目开工率 65 %), for a year's rules to use.
        Make("startRate", "开工率", "Start rate of signed projects", "%",
            new() { Fact = FactKind.Stages, Measure = Measure.StartRate }, "开工率"),
        Make("productionRate", "投产率", "Production rate of signed projects", "%",
            new() { Fact = FactKind.Stages, Measure = Measure.ProductionRate }, "投产率"),
        Make("newSigningStartRate", "新签约项目开工率", "Start rate of the period's signings", "%",
            new() { Fact = FactKind.Stages, Measure = Measure.NewSigningStartRate }, "新签约项目开工率"),
    }.Select((indicator, i) =>
    {
        indicator.SortOrder = i + 1;
        return indicator;
    }).ToList();

    private static Indicator Make(string code, string name, string nameEn, string unit, IndicatorDefinition definition, params string[] headers) => new()
    {
        Code = code, Name = name, NameEn = nameEn, Unit = unit,
        DefinitionJson = JsonSerializer.Serialize(definition, AppJson.Options), HeadersJson = JsonSerializer.Serialize(headers, AppJson.Options),
    };
}

public sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> e)
    {
        e.ToTable("Indicators");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(64);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.NameEn).HasMaxLength(200);
        e.Property(x => x.Unit).HasMaxLength(16);
        e.Property(x => x.DefinitionJson).HasMaxLength(4000);
        e.Property(x => x.HeadersJson).HasMaxLength(2000);
    }
}
