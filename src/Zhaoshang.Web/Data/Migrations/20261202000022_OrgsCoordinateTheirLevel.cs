using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// An investment promotion bureau or leading-group office coordinates its level (it reads the level's whole subtree):
/// an attribute of the org, set in the demo tree for the province's and Guiyang's bureaus and Guiyang's office. The demo
/// tree's units lose the line-wrap spaces seed 002's PDF left in their names.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000022_OrgsCoordinateTheirLevel")]
public sealed class OrgsCoordinateTheirLevel : Migration
{
    private static readonly (string Code, string Old, string New)[] Names =
    [
        ("520100-S01", "贵阳市产业发展控 股集团", "贵阳市产业发展控股集团"),
        ("520100-S02", "贵阳市城市建设投 资集团", "贵阳市城市建设投资集团"),
        ("520100-S03", "贵阳市农业农垦投 资发展集团", "贵阳市农业农垦投资发展集团"),
        ("520100-S05", "贵阳市矿产能源投 资集团", "贵阳市矿产能源投资集团"),
        ("520100-S06", "贵阳公共交通投资 运营集团", "贵阳公共交通投资运营集团"),
        ("520115-GY", "观山湖区现代制造 工业园区", "观山湖区现代制造工业园区"),
        ("520100-R03", "市政府驻广州〈深圳〉 办事处", "市政府驻广州(深圳)办事处"),
        ("520100-R05", "市政府驻重庆〈成都〉 办事处", "市政府驻重庆(成都)办事处"),
    ];

    private static readonly (string Code, string Name)[] Coordinating =
        [("520000-D01", "贵州省投资促进局"), ("520100-D01", "市投资促进局"), ("520100-LGO", "贵阳产业大招商工作领导小组办公室")];

    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<bool>("Coordinates", "Orgs", nullable: false, defaultValue: false);
        var yes = ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL" ? "TRUE" : "1";
        foreach (var (code, name) in Coordinating)
        {
            mb.Sql($"""UPDATE "Orgs" SET "Coordinates" = {yes} WHERE "Code" = '{code}' AND "Name" = '{name}'""");
        }
        foreach (var (code, old, name) in Names)
        {
            mb.Sql($"""UPDATE "Orgs" SET "Name" = '{name}' WHERE "Code" = '{code}' AND "Name" = '{old}'""");
        }
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("Coordinates", "Orgs");
        foreach (var (code, old, name) in Names)
        {
            mb.Sql($"""UPDATE "Orgs" SET "Name" = '{old}' WHERE "Code" = '{code}' AND "Name" = '{name}'""");
        }
    }
}
