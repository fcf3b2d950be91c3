using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// PostgreSQL: every statement that writes the projects (the table <see cref="ChangeSignal.Tables"/> names) sends a
/// NOTIFY on the channel "zs_changes" with the table's name, delivered when its transaction commits (and never if it
/// rolls back): every node's caches hear of every writer, whatever wrote. Nothing on SQLite, an embedded database
/// with no other writer to hear of.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000011_ChangeNotifications")]
public sealed class ChangeNotifications : Migration
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void Up(MigrationBuilder mb)
    {
        if (ActiveProvider != Npgsql)
        {
            return;
        }
        mb.Sql("""
            CREATE FUNCTION zs_signal_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                PERFORM pg_notify('zs_changes', TG_TABLE_NAME);
                RETURN NULL;
            END
            $fn$;
            """);
        mb.Sql("""
            CREATE TRIGGER "TR_Projects_SignalChange" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Projects"
            FOR EACH STATEMENT EXECUTE FUNCTION zs_signal_change();
            """);
    }

    protected override void Down(MigrationBuilder mb)
    {
        if (ActiveProvider != Npgsql)
        {
            return;
        }
        mb.Sql("""DROP TRIGGER "TR_Projects_SignalChange" ON "Projects";""");
        mb.Sql("DROP FUNCTION zs_signal_change();");
    }
}
