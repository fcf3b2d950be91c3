using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Problems and appeals (tickets) with their parties, timeline, reviews, attachments and escalation steps; routing
/// rules, desks, the working-day calendar and joint meetings; the inbox, webhooks and their deliveries; job leases;
/// and the enterprise an enterprise account belongs to.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000019_Tickets")]
public sealed class Tickets : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<Guid>("EnterpriseId", "AspNetUsers", nullable: true);
        mb.CreateIndex("IX_AspNetUsers_EnterpriseId", "AspNetUsers", "EnterpriseId");

        mb.CreateTable("JointMeetings", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_JointMeetings", x => x.Id);
            t.ForeignKey("FK_JointMeetings_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_JointMeetings_OrgId_Date", "JointMeetings", ["OrgId", "Date"]);
        mb.CreateIndex("IX_JointMeetings_OrgPath", "JointMeetings", "OrgPath");

        mb.CreateTable("Tickets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Number = t.Column<string>(maxLength: 32, nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            Category = t.Column<string>(maxLength: 16, nullable: false),
            Level = t.Column<string>(maxLength: 16, nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Description = t.Column<string>(maxLength: 4000, nullable: true),
            ProjectId = t.Column<Guid>(nullable: true),
            EnterpriseId = t.Column<Guid>(nullable: true),
            SubmitterId = t.Column<Guid>(nullable: false),
            SubmitterName = t.Column<string>(maxLength: 100, nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            DeskOrgId = t.Column<Guid>(nullable: false),
            HandlerOrgId = t.Column<Guid>(nullable: true),
            RoutingNote = t.Column<string>(maxLength: 500, nullable: true),
            State = t.Column<string>(maxLength: 16, nullable: false),
            IsReview = t.Column<bool>(nullable: false),
            SlaWorkingDays = t.Column<int>(nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: false),
            DispatchedAt = t.Column<DateTime>(nullable: true),
            DueDate = t.Column<DateOnly>(nullable: true),
            RemindedAt = t.Column<DateTime>(nullable: true),
            EscalationLevel = t.Column<int>(nullable: false),
            AnsweredAt = t.Column<DateTime>(nullable: true),
            Answer = t.Column<string>(maxLength: 4000, nullable: true),
            ClosedAt = t.Column<DateTime>(nullable: true),
            OnTime = t.Column<bool>(nullable: true),
            Rating = t.Column<int>(nullable: true),
            RatingComment = t.Column<string>(maxLength: 1000, nullable: true),
            JointMeetingId = t.Column<Guid>(nullable: true),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Tickets", x => x.Id);
            t.ForeignKey("FK_Tickets_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Tickets_Orgs_DeskOrgId", x => x.DeskOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Tickets_Orgs_HandlerOrgId", x => x.HandlerOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Tickets_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Tickets_Enterprises_EnterpriseId", x => x.EnterpriseId, "Enterprises", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Tickets_JointMeetings_JointMeetingId", x => x.JointMeetingId, "JointMeetings", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Tickets_Number", "Tickets", "Number", unique: true);
        mb.CreateIndex("IX_Tickets_OrgPath_SubmittedAt", "Tickets", ["OrgPath", "SubmittedAt"]);
        mb.CreateIndex("IX_Tickets_SubmittedAt", "Tickets", "SubmittedAt");
        mb.CreateIndex("IX_Tickets_Due", "Tickets", ["DueDate", "State"]);
        mb.CreateIndex("IX_Tickets_HandlerOrgId_SubmittedAt", "Tickets", ["HandlerOrgId", "SubmittedAt"]);
        mb.CreateIndex("IX_Tickets_ProjectId_State", "Tickets", ["ProjectId", "State"]);
        mb.CreateIndex("IX_Tickets_EnterpriseId_SubmittedAt", "Tickets", ["EnterpriseId", "SubmittedAt"]);
        mb.CreateIndex("IX_Tickets_DeskOrgId", "Tickets", "DeskOrgId");
        mb.CreateIndex("IX_Tickets_OrgId", "Tickets", "OrgId");
        mb.CreateIndex("IX_Tickets_JointMeetingId", "Tickets", "JointMeetingId");

        mb.CreateTable("TicketParties", t => new
        {
            TicketId = t.Column<Guid>(nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            Role = t.Column<string>(maxLength: 16, nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketParties", x => new { x.TicketId, x.OrgId });
            t.ForeignKey("FK_TicketParties_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_TicketParties_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_TicketParties_OrgPath_TicketId", "TicketParties", ["OrgPath", "TicketId"]);
        mb.CreateIndex("IX_TicketParties_OrgId", "TicketParties", "OrgId");

        mb.CreateTable("TicketEvents", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TicketId = t.Column<Guid>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            UserId = t.Column<Guid>(nullable: true),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            Action = t.Column<string>(maxLength: 32, nullable: false),
            From = t.Column<string>(maxLength: 16, nullable: true),
            To = t.Column<string>(maxLength: 16, nullable: true),
            OrgId = t.Column<Guid>(nullable: true),
            Note = t.Column<string>(maxLength: 4000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketEvents", x => x.Id);
            t.ForeignKey("FK_TicketEvents_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TicketEvents_TicketId_At", "TicketEvents", ["TicketId", "At"]);

        mb.CreateTable("TicketReviews", t => new
        {
            TicketId = t.Column<Guid>(nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            State = t.Column<string>(maxLength: 32, nullable: false),
            Comment = t.Column<string>(maxLength: 2000, nullable: true),
            AnsweredAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketReviews", x => new { x.TicketId, x.OrgId });
            t.ForeignKey("FK_TicketReviews_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_TicketReviews_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_TicketReviews_OrgId", "TicketReviews", "OrgId");

        mb.CreateTable("TicketAttachments", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TicketId = t.Column<Guid>(nullable: false),
            FileName = t.Column<string>(maxLength: 200, nullable: false),
            ContentType = t.Column<string>(maxLength: 100, nullable: false),
            Size = t.Column<long>(nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            UserId = t.Column<Guid>(nullable: true),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketAttachments", x => x.Id);
            t.ForeignKey("FK_TicketAttachments_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TicketAttachments_TicketId", "TicketAttachments", "TicketId");

        mb.CreateTable("TicketEscalations", t => new
        {
            TicketId = t.Column<Guid>(nullable: false),
            Level = t.Column<int>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            ToOrgId = t.Column<Guid>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketEscalations", x => new { x.TicketId, x.Level });
            t.ForeignKey("FK_TicketEscalations_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("RoutingRules", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            AreaOrgId = t.Column<Guid>(nullable: false),
            Level = t.Column<string>(maxLength: 16, nullable: true),
            Category = t.Column<string>(maxLength: 16, nullable: false),
            HandlerOrgId = t.Column<Guid>(nullable: true),
            ToJointMeeting = t.Column<bool>(nullable: false),
            SlaWorkingDays = t.Column<int>(nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RoutingRules", x => x.Id);
            t.ForeignKey("FK_RoutingRules_Orgs_AreaOrgId", x => x.AreaOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_RoutingRules_Orgs_HandlerOrgId", x => x.HandlerOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_RoutingRules_AreaOrgId_Category_Level", "RoutingRules", ["AreaOrgId", "Category", "Level"], unique: true);
        mb.CreateIndex("IX_RoutingRules_HandlerOrgId", "RoutingRules", "HandlerOrgId");

        mb.CreateTable("TicketDesks", t => new
        {
            AreaOrgId = t.Column<Guid>(nullable: false),
            Level = t.Column<string>(maxLength: 16, nullable: false),
            DeskOrgId = t.Column<Guid>(nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketDesks", x => new { x.AreaOrgId, x.Level });
            t.ForeignKey("FK_TicketDesks_Orgs_AreaOrgId", x => x.AreaOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_TicketDesks_Orgs_DeskOrgId", x => x.DeskOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_TicketDesks_DeskOrgId", "TicketDesks", "DeskOrgId");

        mb.CreateTable("CalendarDays", t => new
        {
            Date = t.Column<DateOnly>(nullable: false),
            IsWorkday = t.Column<bool>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_CalendarDays", x => x.Date));

        mb.CreateTable("JobLeases", t => new
        {
            Name = t.Column<string>(maxLength: 64, nullable: false),
            Holder = t.Column<string>(maxLength: 64, nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_JobLeases", x => x.Name));

        mb.CreateTable("Notifications", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Body = t.Column<string>(maxLength: 2000, nullable: false),
            Link = t.Column<string>(maxLength: 400, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReadAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Notifications", x => x.Id);
            t.ForeignKey("FK_Notifications_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_Notifications_UserId_CreatedAt", "Notifications", ["UserId", "CreatedAt"]);

        mb.CreateTable("Webhooks", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Url = t.Column<string>(maxLength: 1000, nullable: false),
            Format = t.Column<string>(maxLength: 16, nullable: false),
            Markdown = t.Column<bool>(nullable: false),
            IsActive = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Webhooks", x => x.Id));

        mb.CreateTable("WebhookDeliveries", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            WebhookId = t.Column<Guid>(nullable: false),
            Payload = t.Column<string>(nullable: false),
            State = t.Column<string>(maxLength: 16, nullable: false),
            Attempts = t.Column<int>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: false),
            LastError = t.Column<string>(maxLength: 1000, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DeliveredAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
            t.ForeignKey("FK_WebhookDeliveries_Webhooks_WebhookId", x => x.WebhookId, "Webhooks", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_WebhookDeliveries_State_NextAttemptAt", "WebhookDeliveries", ["State", "NextAttemptAt"]);
        mb.CreateIndex("IX_WebhookDeliveries_WebhookId", "WebhookDeliveries", "WebhookId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        foreach (var table in new[] { "WebhookDeliveries", "Webhooks", "Notifications", "JobLeases", "CalendarDays", "TicketDesks", "RoutingRules",
            "TicketEscalations", "TicketAttachments", "TicketReviews", "TicketEvents", "TicketParties", "Tickets", "JointMeetings" })
        {
            mb.DropTable(table);
        }
        mb.DropIndex("IX_AspNetUsers_EnterpriseId", "AspNetUsers");
        mb.DropColumn("EnterpriseId", "AspNetUsers");
    }
}
