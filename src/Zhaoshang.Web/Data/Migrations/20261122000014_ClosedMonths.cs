using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>Months closed by the leading-group office, each with its frozen assessment.</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000014_ClosedMonths")]
public sealed class ClosedMonths : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("ClosedMonths", t => new
        {
            Year = t.Column<int>(nullable: false),
            Month = t.Column<int>(nullable: false),
            ClosedAt = t.Column<DateTime>(nullable: false),
            ClosedBy = t.Column<string>(maxLength: 256, nullable: true),
            RuleVersion = t.Column<int>(nullable: true),
            SnapshotJson = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ClosedMonths", x => new { x.Year, x.Month }));
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("ClosedMonths");
}
