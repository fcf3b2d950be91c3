using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>The use cases that move a project on: stage changes with their evidence, and funds in place.</summary>
public sealed class ProjectStages(AppDb db, CurrentUser currentUser, TimeProvider time, ProjectRows projectRows)
{
    // Readable Chinese in the stored evidence (the default encoder would write \uXXXX escapes).
    private static readonly JsonSerializerOptions EvidenceJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Moves a project through the stage machine with the evidence the target stage needs (422 otherwise).</summary>
    public async Task<ProjectRow> ChangeStageAsync(Guid id, ProjectStage to, StageEvidence evidence, long? version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw ProjectRules.NotFound();
        if (version is { } v)
        {
            db.Entry(project).Property(p => p.Version).OriginalValue = v;
        }
        if (StageMachine.Check(project.Stage, to, evidence, project.HeldFrom, project.StageDate, projectRows.Today) is { } reason)
        {
            throw DomainException.Unprocessable(reason.Template, reason.Args);
        }
        var from = project.Stage;
        switch (to)
        {
            case ProjectStage.Signed:
                project.ContractAmountYuan = evidence.ContractAmountYuan;
                project.ContractDate = evidence.Date;
                break;
            case ProjectStage.Started when from != ProjectStage.OnHold:
                project.StartDate = evidence.Date;
                break;
            case ProjectStage.Operating when from != ProjectStage.OnHold:
                project.ProductionDate = evidence.Date;
                break;
            case ProjectStage.AtCapacity when from != ProjectStage.OnHold:
                project.DesignedCapacity = evidence.DesignedCapacity;
                project.ActualCapacity = evidence.ActualCapacity;
                project.CapacityDate = evidence.Date ?? projectRows.Today;
                break;
        }
        project.HeldFrom = to == ProjectStage.OnHold ? from : null;
        project.StageReason = to is ProjectStage.OnHold or ProjectStage.Terminated ? evidence.Reason!.Trim() : null;
        project.Stage = to;
        project.StageDate = evidence.Date ?? project.StageDate;
        if (to == ProjectStage.Started && from != ProjectStage.OnHold)
        {
            db.ProjectHandoffs.Add(new ProjectHandoff
            {
                ProjectId = id,
                Code = project.Code,
                Name = project.Name,
                StartDate = evidence.Date!.Value,
                AgreedInvestmentYuan = project.AgreedInvestmentYuan,
                ContractAmountYuan = project.ContractAmountYuan,
                IsIndustrial = project.IsIndustrial,
                OrgPath = project.OrgPath,
                At = time.GetUtcNow().UtcDateTime,
            });
        }
        db.ProjectStageChanges.Add(new ProjectStageChange
        {
            Id = Guid.CreateVersion7(),
            ProjectId = id,
            From = from,
            To = to,
            Date = evidence.Date,
            Evidence = JsonSerializer.Serialize(evidence, EvidenceJson),
            UserId = currentUser.Id,
            UserName = currentUser.UserName,
            At = time.GetUtcNow().UtcDateTime,
            OrgPath = project.OrgPath,
        });
        await projectRows.SaveAsync(id, ct);
        return projectRows.Row(project);
    }

    /// <summary>Funds in place above this many times the contract (or agreed) amount need a note saying why.</summary>
    public const int FundsAboveContractFactor = 2;

    /// <summary>Records funds in place for a month; a correction is a new entry referring to the one it corrects.</summary>
    public async Task<FundRow> AddFundAsync(Guid id, int year, int month, long amountYuan, string? evidence, Guid? correctsId, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw ProjectRules.NotFound();
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            throw DomainException.Invalid("month", "年月无效。");
        }
        if (new DateOnly(year, month, 1) > projectRows.Today)
        {
            throw DomainException.Invalid("month", "不能登记未来月份的到位资金。");
        }
        if (amountYuan == 0)
        {
            throw DomainException.Invalid("amountYuan", "到位资金不能为 0。");
        }
        if (ChineseText.OutOfRange(amountYuan) is { } range)
        {
            throw DomainException.Invalid("amountYuan", range.Template);
        }
        if (StageMachine.IsBeforeSigning(project.Stage) || project.ContractDate is not { } signed)
        {
            throw DomainException.Unprocessable("项目尚未签约，不能登记到位资金。");
        }
        // Funds come after the contract: an earlier month would back-fill a year (and its assessment) the project was not in.
        if (new DateOnly(year, month, 1) < new DateOnly(signed.Year, signed.Month, 1))
        {
            throw DomainException.Invalid("month", "到位资金月份（{0}年{1}月）早于项目签约日期（{2:yyyy-MM-dd}）。", year, month, signed);
        }
        var entries = await db.FundEntries.AsNoTracking().Where(f => f.ProjectId == id).Select(f => new { f.Id, f.AmountYuan, f.CorrectsId }).ToListAsync(ct);
        if (correctsId is { } corrects)
        {
            var corrected = entries.FirstOrDefault(f => f.Id == corrects)
                ?? throw DomainException.Invalid("correctsId", "要更正的到位资金记录不属于该项目。");
            if (corrected.CorrectsId is not null)
            {
                throw DomainException.Invalid("correctsId", "只能更正原始记录：请指明被更正的那条到位资金。");
            }
            // What is left of the entry after its earlier corrections; a correction cannot take it below zero.
            var left = corrected.AmountYuan + entries.Where(f => f.CorrectsId == corrects).Sum(f => f.AmountYuan);
            if (left + amountYuan < 0)
            {
                throw DomainException.Invalid("amountYuan", "更正金额超过被更正记录的剩余金额（{0:N2} 万元）。", left / (decimal)ChineseText.Wan);
            }
        }
        else if (amountYuan < 0)
        {
            throw DomainException.Invalid("amountYuan", "负数金额只能用于更正已有记录（请指明更正的记录）。");
        }
        var total = entries.Sum(f => f.AmountYuan) + amountYuan;
        if (total > ChineseText.MaxYuan)
        {
            throw DomainException.Invalid("amountYuan", "项目累计到位资金超出合理范围（不超过 10 万亿元）。");
        }
        // Far above the contract: possible (a project grows), far more often a slip of the unit. It needs a note saying why.
        var contract = Math.Max(project.ContractAmountYuan ?? 0, project.AgreedInvestmentYuan);
        Phrase? warning = null;
        if (amountYuan > 0 && contract > 0 && total > contract * FundsAboveContractFactor)
        {
            warning = new Phrase("累计到位资金 {0:N2} 万元，为合同投资额的 {1:N1} 倍。", total / (decimal)ChineseText.Wan, total / (decimal)contract);
            if (string.IsNullOrWhiteSpace(evidence))
            {
                throw DomainException.Invalid("evidence", "{0}请核实金额单位；确属实，请在“凭证/说明”中写明情况后再登记。", warning);
            }
        }
        var entry = new FundEntry
        {
            Id = Guid.CreateVersion7(),
            ProjectId = id,
            Year = year,
            Month = month,
            AmountYuan = amountYuan,
            Evidence = string.IsNullOrWhiteSpace(evidence) ? null : evidence.Trim(),
            CorrectsId = correctsId,
            UserId = currentUser.Id,
            At = time.GetUtcNow().UtcDateTime,
            OrgPath = project.OrgPath,
        };
        db.FundEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return new FundRow(entry.Id, year, month, amountYuan, entry.Evidence, correctsId, entry.At) { Warning = warning?.ToString() };
    }

}
