using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// What may be attached: PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx), each recognised by its content (a renamed
/// program is refused whatever its name says), at most 10 MB a file and 20 files a ticket.
/// </summary>
public static class AttachmentRules
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 20;

    /// <summary>The content's type, or null when it is none of the accepted ones.</summary>
    public static string? Detect(byte[] content)
    {
        ReadOnlySpan<byte> b = content;
        if (b.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        if (b.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }
        if (b.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "image/jpeg";
        }
        if (b.StartsWith("PK\u0003\u0004"u8))
        {
            try
            {
                using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
                var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                if (names.Contains("[Content_Types].xml") && names.Contains("word/document.xml"))
                {
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                }
                if (names.Contains("[Content_Types].xml") && names.Contains("xl/workbook.xml"))
                {
                    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                }
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }
        return null;
    }
}

/// <summary>A ticket's files: attached by whoever may act on it, read by whoever may see it.</summary>
public sealed class TicketAttachments(AppDb db, CurrentUser currentUser, TimeProvider time, AuditLog audit, TicketAccess access)
{
    public async Task<AttachmentRow> AttachAsync(Guid id, string? fileName, Stream content, long? length, CancellationToken ct = default)
    {
        var ticket = await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw TicketAccess.NotFound();
        var actors = await access.ActorsAsync(ticket, await db.Set<TicketReview>().AsNoTracking().Where(r => r.TicketId == id).ToListAsync(ct), ct);
        if (actors.Count == 0)
        {
            throw DomainException.Forbidden("您不能为该工单上传附件。");
        }
        if (!ticket.IsOpen)
        {
            throw DomainException.Unprocessable("工单已办结或不予受理，不能再上传附件。");
        }
        var name = Path.GetFileName(fileName?.Trim() ?? "");
        if (name.Length is 0 or > 200)
        {
            throw DomainException.Invalid("file", "请选择文件（文件名不超过 200 个字符）。");
        }
        if (length > AttachmentRules.MaxBytes)
        {
            throw DomainException.Invalid("file", "文件“{0}”超过 10 MB。", name);
        }
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > AttachmentRules.MaxBytes)
        {
            throw DomainException.Invalid("file", "文件“{0}”超过 10 MB。", name);
        }
        var bytes = buffer.ToArray();
        var type = AttachmentRules.Detect(bytes)
            ?? throw DomainException.Invalid("file", "文件“{0}”的内容不是允许的类型（PDF、PNG、JPEG、Word .docx、Excel .xlsx）。", name);
        if (await db.Set<TicketAttachment>().CountAsync(a => a.TicketId == id, ct) >= AttachmentRules.MaxFiles)
        {
            throw DomainException.Unprocessable("每个工单最多 {0} 个附件。", AttachmentRules.MaxFiles);
        }
        var row = new TicketAttachment
        {
            Id = Guid.CreateVersion7(), TicketId = id, FileName = name, ContentType = type, Size = bytes.Length, Content = bytes, UserId = currentUser.Id,
            At = time.GetUtcNow().UtcDateTime,
        };
        db.Set<TicketAttachment>().Add(row);
        TicketRecords.AddEvent(db, currentUser, time, ticket, "attach", null, null, null, name);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync("ticket.attach", Audit.AuditResults.Success, "Ticket", id.ToString(), new { file = name, type, size = bytes.Length }, ct: ct);
        return new AttachmentRow(row.Id, name, type, row.Size, row.At);
    }

    public async Task<(string FileName, string ContentType, byte[] Content)> DownloadAsync(Guid id, Guid attachmentId, CancellationToken ct = default)
    {
        if (!await (await access.VisibleAsync(ct)).AnyAsync(t => t.Id == id, ct))
        {
            throw TicketAccess.NotFound();
        }
        var a = await db.Set<TicketAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.TicketId == id, ct)
            ?? throw DomainException.NotFound("附件不存在。");
        return (a.FileName, a.ContentType, a.Content);
    }
}
