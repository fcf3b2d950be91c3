using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Data;

/// <summary>
/// The ways around the scope filter and the save interceptor (IgnoreQueryFilters, raw SQL, ExecuteUpdate/Delete) are
/// allowed only in the files listed here, each for a reason; using them anywhere else fails this test.
/// </summary>
public sealed class ScopeEscapeHatchTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        // Sign-in and session checks run before the caller is known; org and project codes are unique across all scopes.
        ["IgnoreQueryFilters"] = ["Features/Accounts/SessionService.cs", "Features/Accounts/LoginService.cs", "Features/Orgs/OrgService.cs", "Features/Orgs/OrgExcel.cs",
            "Features/Projects/ProjectRules.cs",
            // The first visit to an enterprise is one fact across all resident offices: a claim is checked against every
            // office's visits (only the other office and date are named). A lead's unit sees the trip that took it up.
            "Features/Activities/FirstVisits.cs", "Features/Activities/LeadService.cs",
            // An activity names its city's resident offices and the units it counts for, wherever they sit (names only).
            "Features/Activities/ActivityService.cs",
            // The audit log (the audit admin's, who reads every record) names the users, units and objects of its records.
            "Features/Audit/ReadableChanges.cs", "Features/Projects/ProjectAuditVocabulary.cs", "Features/Tickets/TicketAuditVocabulary.cs",
            // The assessment ranks every unit among all its peers: its service reads as the system and shows the caller's rows only.
            "Features/Assessment/Actuals.cs",
            // Tickets are seen through their area or their parties (TicketAccess.VisibleAsync states the rule); routing, the
            // escalation ladder and notifications follow the work to departments outside the actor's subtree; the
            // workflow's settings name units anywhere (the system admin's).
            "Features/Tickets/TicketAccess.cs", "Features/Tickets/TicketQueries.cs", "Features/Tickets/TicketSubmission.cs",
            "Features/Tickets/TicketActions.cs", "Features/Tickets/TicketRecords.cs", "Features/Tickets/Routing.cs",
            "Features/Tickets/EscalationSweep.cs", "Features/Tickets/TicketSettings.cs", "Features/Notifications/Notifier.cs",
            // A major project's leader and task force may sit above the project's unit (a city leader on a county's
            // project), and its lead unit or department in another branch of the tree: they are chosen and named wherever they sit.
            "Features/Majors/MajorDesignation.cs", "Features/Majors/MajorSearch.cs", "Features/Majors/MajorAuditVocabulary.cs",
            // A leader's supervised items are his wherever their responsible units sit; the dispatch report names the
            // investors' class of its projects and every unit's name.
            "Features/Majors/Supervisions.cs", "Features/Majors/DispatchReport.cs",
            // A project's needs review names its project and departments wherever they sit (the tickets' own visibility filters the rows).
            "Features/Tickets/ReviewTimes.cs",
            // The major-project list's copy of its projects' fields follows whoever saved the project (or the sweep).
            "Features/Majors/MajorCopies.cs", "Features/EntryCodes/EntryCodeService.cs", "Features/EntryCodes/EntryCodeAuditVocabulary.cs"],
        // Moving an org rewrites the paths of every scoped table in one statement per table.
        ["ExecuteSql"] = ["Features/Orgs/ScopedPathRewriter.cs"],
        ["FromSql"] = [],
        // A read-only check of the PostgreSQL collation at start.
        ["SqlQuery"] = ["Data/Seeder.cs"],
        // Session bookkeeping (last seen, revocation) is not audited row by row: the events are.
        ["ExecuteUpdate"] = ["Features/Accounts/SessionService.cs",
            // A successful sign-in's bookkeeping (last sign-in, failure count) in one statement; the sign-in itself is audited.
            "Features/Accounts/LoginService.cs",
            // A job lease is taken by one conditional UPDATE, so that of several nodes exactly one wins.
            "Data/DbLease.cs",
            // The major-project list's copy of its projects' code, name, stage, amount and unit (derived, not audited: the
            // project's own save is), set from the projects in one statement.
            "Features/Majors/MajorCopies.cs",
            // An entry code's scans of a day, added to in one statement by the system (a count, not a record anyone edits).
            "Features/EntryCodes/ScanCounter.cs"],
        ["ExecuteDelete"] = [],
        // Plain ADO.NET: SQLite pragmas on open, and the bulk writer of imports (scope-checked and audited as a save is, in the caller's transaction).
        ["CreateCommand"] = ["Data/DataSetup.cs", "Data/BulkInsert.cs"],
    };

    [Fact]
    public void Escape_hatches_appear_only_in_allow_listed_files()
    {
        var web = Repo.WebProject;
        var files = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(files);
        var violations = new List<string>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(web, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            foreach (var (hatch, allowed) in Allowed)
            {
                if (text.Contains(hatch, StringComparison.Ordinal) && !allowed.Contains(relative))
                {
                    violations.Add($"{hatch} in {relative}");
                }
            }
        }
        Assert.True(violations.Count == 0, "Not on the allow-list: " + string.Join(", ", violations));
    }
}
