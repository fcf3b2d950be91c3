using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Audit;

/// <summary>
/// Before anything else is written: the chain's key must be the one its records were made with (a new key beside an
/// existing trail would break it), a new key is kept, and the chain's mark is opened.
/// </summary>
public sealed class AuditSeed : ISeed
{
    public int Order => 0;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        var chain = context.Services.GetRequiredService<AuditChain>();
        var db = context.Db;
        if (chain.KeyCreated && await db.AuditEntries.AnyAsync(ct))
        {
            throw new InvalidOperationException(
                "The audit trail exists but its key (Audit:KeyFile / ZS_AUDIT_KEY) was not found: restore the key; a new one would break the chain.");
        }
        chain.PersistNewKey();
        await chain.OpenMarkAsync(db, context.NewDatabase, ct);
    }
}
