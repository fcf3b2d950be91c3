using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>A user's named ledger filters: saved, listed and deleted by that user only.</summary>
public sealed class SavedFilters(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<IReadOnlyList<SavedFilter>> ListAsync(CancellationToken ct = default)
    {
        var me = currentUser.Id ?? throw DomainException.Forbidden("请先登录。");
        return await db.SavedFilters.AsNoTracking().Where(f => f.UserId == me).OrderBy(f => f.Name).ToListAsync(ct);
    }

    /// <summary>Saves the query under the name, replacing a filter of the same name.</summary>
    public async Task SaveAsync(string? name, string? query, CancellationToken ct = default)
    {
        var me = currentUser.Id ?? throw DomainException.Forbidden("请先登录。");
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 50)
        {
            throw DomainException.Invalid("name", "筛选名称不能为空，且不超过 50 个字符。");
        }
        query = (query ?? "").TrimStart('?');
        if (query.Length > 2000)
        {
            throw DomainException.Invalid("query", "筛选条件过长。");
        }
        var existing = await db.SavedFilters.FirstOrDefaultAsync(f => f.UserId == me && f.Name == name, ct);
        if (existing is null)
        {
            db.SavedFilters.Add(new SavedFilter { Id = Guid.CreateVersion7(), UserId = me, Name = name, Query = query, CreatedAt = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            existing.Query = query;
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var me = currentUser.Id ?? throw DomainException.Forbidden("请先登录。");
        var filter = await db.SavedFilters.FirstOrDefaultAsync(f => f.Id == id && f.UserId == me, ct) ?? throw DomainException.NotFound("筛选不存在。");
        db.SavedFilters.Remove(filter);
        await db.SaveChangesAsync(ct);
    }
}
