using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>
/// Writes the intentions, several to a save: each request waits until its own intention is committed (a 201 means it is
/// stored), but a hundred a second cost a few transactions, not a hundred. The intentions of a batch are written by one
/// loop, so two in one batch with the same credit code join one enterprise and one lead, and project codes follow one
/// another. A batch that fails is written again one intention at a time, so one bad row fails only its own request.
/// </summary>
public sealed class IntakeWriter(IServiceScopeFactory scopes, ILogger<IntakeWriter> log) : IDisposable
{
    private const int MaxBatch = 100;

    private sealed record Pending(CodeBook.Entry Code, Intake.Valid Valid, TaskCompletionSource<IntentionReceipt> Done);

    private sealed class Batch(AppDb db, Notifier notifier, FieldCipher cipher, TimeProvider time)
    {
        public AppDb Db { get; } = db;
        public Notifier Notifier { get; } = notifier;
        public FieldCipher Cipher { get; } = cipher;
        public TimeProvider Time { get; } = time;
        public int? NextCode { get; set; }
        public HashSet<string>? Industrial { get; set; }
        public Dictionary<Guid, Org> Orgs { get; } = [];
        public Dictionary<Guid, List<Guid>> Officers { get; } = [];
        /// <summary>The first contacts this batch gave resident offices (enterprise, office).</summary>
        public HashSet<(Guid Enterprise, Guid Office)> Firsts { get; } = [];
    }

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _loop;

    internal Task<IntentionReceipt> WriteAsync(CodeBook.Entry code, Intake.Valid valid, CancellationToken ct)
    {
        var pending = new Pending(code, valid, new TaskCompletionSource<IntentionReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _loop ??= Task.Run(LoopAsync, CancellationToken.None);
        }
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The intake is shutting down.");
        }
        // A request that goes away does not take its intention with it: it is written all the same.
        return pending.Done.Task.WaitAsync(ct);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                var receipts = await WriteBatchAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(receipts[i]);
                }
            }
            catch (Exception e) when (batch.Count > 1)
            {
                log.LogWarning(e, "A batch of {Count} intentions failed; writing them one at a time.", batch.Count);
                foreach (var one in batch)
                {
                    try
                    {
                        one.Done.TrySetResult((await WriteBatchAsync([one]))[0]);
                    }
                    catch (Exception single)
                    {
                        one.Done.TrySetException(single);
                    }
                }
            }
            catch (Exception e)
            {
                batch[0].Done.TrySetException(e);
            }
        }
    }

    private async Task<List<IntentionReceipt>> WriteBatchAsync(List<Pending> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            using var system = services.GetRequiredService<CurrentUser>().AsSystem();
            var b = new Batch(services.GetRequiredService<AppDb>(), services.GetRequiredService<Notifier>(), services.GetRequiredService<FieldCipher>(),
                services.GetRequiredService<TimeProvider>());
            try
            {
                var receipts = new List<IntentionReceipt>(batch.Count);
                foreach (var p in batch)
                {
                    receipts.Add(await AddAsync(b, p.Code, p.Valid, CancellationToken.None));
                }
                await b.Db.SaveChangesAsync(CancellationToken.None);
                return receipts;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node took the same project code or enterprise first: read again and retry.
            }
        }
    }

    /// <summary>Adds one intention's rows to the batch's unit of work (saved with the batch).</summary>
    private static async Task<IntentionReceipt> AddAsync(Batch b, CodeBook.Entry code, Intake.Valid v, CancellationToken ct)
    {
        var (db, notifier, cipher, time) = (b.Db, b.Notifier, b.Cipher, b.Time);
        var now = time.GetUtcNow().UtcDateTime;
        var today = time.Today();
        if (!b.Orgs.TryGetValue(code.OrgId, out var org))
        {
            b.Orgs[code.OrgId] = org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == code.OrgId, ct);
        }

        // The enterprise: one credit code is one enterprise, whoever registered it.
        var enterprise = v.CreditCode is null ? null
            : db.Enterprises.Local.FirstOrDefault(e => e.CreditCode == v.CreditCode) ?? await db.Enterprises.FirstOrDefaultAsync(e => e.CreditCode == v.CreditCode, ct);
        if (enterprise is null)
        {
            enterprise = new Enterprise { Id = Guid.CreateVersion7(), Name = v.Company, OrgId = org.Id, OrgPath = org.Path, CreatedAt = now };
            EnterpriseService.Apply(enterprise, new EnterpriseInput(v.Company, v.CreditCode, Ownership.Unknown, EnterpriseClass.None, SpecializedLevel.None, null, v.Industry), v.Company, v.CreditCode);
            db.Enterprises.Add(enterprise);
        }

        // The project: a second intention of the same enterprise to the same unit joins the lead still open from the first.
        var open = new[] { ProjectStage.Lead, ProjectStage.Reserve, ProjectStage.Negotiating };
        var project = db.Set<Intention>().Local.Where(i => i.EnterpriseId == enterprise.Id && i.OrgId == org.Id)
            .Select(i => db.Projects.Local.FirstOrDefault(p => p.Id == i.ProjectId)).FirstOrDefault(p => p is not null && open.Contains(p.Stage))
            ?? (db.Entry(enterprise).State == EntityState.Added ? null : await (from i in db.Set<Intention>()
                             join p in db.Projects on i.ProjectId equals p.Id
                             where i.EnterpriseId == enterprise.Id && i.OrgId == org.Id && open.Contains(p.Stage)
                             orderby i.SubmittedAt descending
                             select p).FirstOrDefaultAsync(ct));
        if (project is null)
        {
            b.Industrial ??= (await db.Industries.AsNoTracking().Where(i => i.IsIndustrial).Select(i => i.Name).ToListAsync(ct)).ToHashSet();
            var industrial = v.Industry is not null && b.Industrial.Contains(v.Industry);
            var name = Intake.Clip(v.Industry is null ? $"{v.Company}投资意向" : $"{v.Company}{v.Industry}投资意向", 200);
            project = new Project
            {
                Id = Guid.CreateVersion7(),
                Code = ProjectRules.Code(today.Year, b.NextCode ??= await ProjectRules.NextCodeNumberAsync(db, today.Year, ct)),
                Name = name,
                OrgId = org.Id,
                OrgPath = org.Path,
                Stage = ProjectStage.Lead,
                CreatedAt = now,
            };
            ProjectRules.Apply(project, new ProjectInput(name, org.Id, Industry: v.Industry,
                AgreedInvestmentYuan: v.AmountWan is { } wan ? (long)(wan * 10_000m) : 0, IsIndustrial: industrial, Channel: "一码投"), name);
            b.NextCode++;
            db.Projects.Add(project);
            db.ProjectNameBigrams.AddRange(ProjectNameBigram.For(project));
            db.ProjectInvestors.Add(new ProjectInvestor { ProjectId = project.Id, EnterpriseId = enterprise.Id });
        }

        // The lead, credited to the code's unit through the channel the code stands for.
        var title = Intake.Clip($"扫码意向：{v.Company}", 200);
        var lead = new Lead
        {
            Id = Guid.CreateVersion7(), EnterpriseId = enterprise.Id, Date = today, Title = title, ProjectId = project.Id, OrgId = org.Id, OrgPath = org.Path,
            Content = Intake.Clip(string.Join("\n", new[] { $"二维码：{code.Title}", v.AmountWan is { } a ? $"意向投资额：{a:0.##} 万元" : null, v.Needs is null ? null : $"需求：{v.Needs}" }
                .Where(x => x is not null)), 2000),
            Channel = org.Kind == OrgKind.ResidentOffice ? LeadChannel.ResidentOffice : code.Kind == EntryCodeKind.Event ? LeadChannel.Event : LeadChannel.EntryCode,
            SourceOrgId = org.Id,
            CreatedAt = now,
        };
        db.Add(lead);

        // A resident office's code made the office's first contact with the enterprise (seed 002's 100 %), unless another office's came first.
        if (org.Kind == OrgKind.ResidentOffice)
        {
            var firstElsewhere = b.Firsts.Contains((enterprise.Id, org.Id)) ? false : b.Firsts.Any(f => f.Enterprise == enterprise.Id) || await (from e in db.Set<ActivityEnterprise>()
                                        join o in db.ActivityOffices on e.ActivityId equals o.ActivityId
                                        where e.EnterpriseId == enterprise.Id && o.OrgId != org.Id
                                            && (o.Role == OfficeRole.FirstVisit || e.Kind == ActivityKind.Visit || e.Kind == ActivityKind.Intention)
                                        select e.ActivityId).AnyAsync(ct);
            var activity = new Activity
            {
                Id = Guid.CreateVersion7(), Kind = ActivityKind.Intention, Date = today, Title = title, People = v.Contact, ProjectId = project.Id,
                Outcome = Intake.Clip(v.Needs ?? "", 2000) is { Length: > 0 } n ? n : null, OrgId = org.Id, OrgPath = org.Path, CreatedAt = now,
            };
            db.Activities.Add(activity);
            db.Add(new ActivityEnterprise { ActivityId = activity.Id, EnterpriseId = enterprise.Id, Date = today, Kind = ActivityKind.Intention, OrgPath = org.Path });
            db.ActivityOffices.Add(new ActivityOffice { ActivityId = activity.Id, OrgId = org.Id, Role = firstElsewhere ? OfficeRole.Participated : OfficeRole.FirstVisit });
            if (!firstElsewhere)
            {
                b.Firsts.Add((enterprise.Id, org.Id));
            }
        }

        var intention = new Intention
        {
            Id = Guid.CreateVersion7(), Reference = Intake.NewReference(), CodeId = code.Id, Company = v.Company, CreditCode = v.CreditCode, ContactName = v.Contact,
            PhoneCipher = cipher.Protect(v.Phone), Industry = v.Industry, AmountWan = v.AmountWan, Needs = v.Needs, ConsentAt = now, ConsentVersion = Intake.ConsentVersion,
            SubmittedAt = now, EnterpriseId = enterprise.Id, ProjectId = project.Id, LeadId = lead.Id, OrgId = org.Id, OrgPath = org.Path,
        };
        db.Add(intention);

        if (!b.Officers.TryGetValue(org.Id, out var officers))
        {
            b.Officers[org.Id] = officers = await notifier.UsersAsync([org.Id], [Roles.Officer], ct);
        }
        var to = code.OwnerUserId is { } owner ? [owner] : officers;
        await notifier.SendAsync(new Message(new Phrase("一码投：{0}提交了投资意向", v.Company),
            new Phrase("经“{0}”二维码提交，已登记为{1}的项目线索（{2}），请尽快联系对接。", code.Title, org.Name, project.Code),
            $"/Projects/Detail?id={project.Id}"), to, ct);
        return new IntentionReceipt(intention.Reference, org.Name, code.ContactName, code.ContactPhone);
    }

    public void Dispose() => _queue.Writer.TryComplete();
}
