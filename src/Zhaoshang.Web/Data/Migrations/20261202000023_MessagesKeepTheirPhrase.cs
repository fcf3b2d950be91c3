using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Texts the system composes and stores — an inbox message's title and body, a ticket's routing note, an escalation's or
/// a rating's note in its history — keep their template and values beside the Chinese text, so that each reader sees
/// them in their own language. Rows written before keep their Chinese text.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000023_MessagesKeepTheirPhrase")]
public sealed class MessagesKeepTheirPhrase : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<string>("TitlePhrase", "Notifications", nullable: true);
        mb.AddColumn<string>("BodyPhrase", "Notifications", nullable: true);
        mb.AddColumn<string>("RoutingPhrase", "Tickets", nullable: true);
        mb.AddColumn<string>("NotePhrase", "TicketEvents", nullable: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("TitlePhrase", "Notifications");
        mb.DropColumn("BodyPhrase", "Notifications");
        mb.DropColumn("RoutingPhrase", "Tickets");
        mb.DropColumn("NotePhrase", "TicketEvents");
    }
}
