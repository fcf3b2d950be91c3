using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// PostgreSQL: the tables the assessment is computed from signal their changes too (the trigger of migration 000011 on
/// each), so that an assessment kept for its year and period is never served after a fact changed, whatever wrote it.
/// Nothing on SQLite.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261206000030_AssessmentChangeSignals")]
public sealed class AssessmentChangeSignals : Migration
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The tables added to <see cref="ChangeSignal.Tables"/> here (Projects has had its trigger since 000011).</summary>
    internal static readonly string[] Signalled =
    [
        "Activities", "ActivityEnterprises", "ActivityLeads", "ActivityOffices", "Adjustments", "ClosedMonths", "Enterprises", "FundEntries",
        "Indicators", "Industries", "Leads", "Orgs", "ProjectInvestors", "ProjectStageChanges", "RuleSets", "TargetSheets", "TargetYears",
        "Targets", "Tickets",
    ];

    protected override void Up(MigrationBuilder mb)
    {
        if (ActiveProvider != Npgsql)
        {
            return;
        }
        foreach (var table in Signalled)
        {
            mb.Sql($"""
                CREATE TRIGGER "TR_{table}_SignalChange" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                FOR EACH STATEMENT EXECUTE FUNCTION zs_signal_change();
                """);
        }
    }

    protected override void Down(MigrationBuilder mb)
    {
        if (ActiveProvider != Npgsql)
        {
            return;
        }
        foreach (var table in Signalled)
        {
            mb.Sql($"""DROP TRIGGER "TR_{table}_SignalChange" ON "{table}";""");
        }
    }
}
