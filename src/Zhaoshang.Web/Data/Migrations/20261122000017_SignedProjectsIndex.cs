using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The period's signings by contract date, carrying what the assessment adds up: read from the index instead of a
/// scan of every project (the whole table, 160 MB for 325,000 projects, for the 10 % signed in a year).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000017_SignedProjectsIndex")]
public sealed class SignedProjectsIndex : Migration
{
    protected override void Up(MigrationBuilder mb) =>
        mb.CreateIndex("IX_Projects_Signed", "Projects", ["ContractDate", "OrgPath", "ContractAmountYuan", "AgreedInvestmentYuan", "FactoryAreaM2",
            "IsIndustrial", "IsHqEconomy", "IsDigitalEconomy", "IsCentralSoeProject", "Id"]);

    protected override void Down(MigrationBuilder mb) => mb.DropIndex("IX_Projects_Signed", "Projects");
}
