using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Every lead records its information channel (issue 19: resident office, chamber of commerce, leading enterprise, fund,
/// SOE, central SOE, hometown network, event) and the unit or enterprise that brought it. The leads already reported by
/// a resident office came through it; the others' channel is "other" until someone says.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261203000025_LeadChannels")]
public sealed class LeadChannels : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<string>("Channel", "Leads", maxLength: 24, nullable: false, defaultValue: "Other");
        mb.AddColumn<Guid>("SourceOrgId", "Leads", nullable: true);
        mb.AddColumn<Guid>("SourceEnterpriseId", "Leads", nullable: true);
        mb.Sql("""UPDATE "Leads" SET "Channel" = 'ResidentOffice' WHERE "OrgId" IN (SELECT "Id" FROM "Orgs" WHERE "Kind" = 'ResidentOffice')""");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("Channel", "Leads");
        mb.DropColumn("SourceOrgId", "Leads");
        mb.DropColumn("SourceEnterpriseId", "Leads");
    }
}
