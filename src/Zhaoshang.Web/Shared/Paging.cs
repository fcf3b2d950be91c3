namespace Zhaoshang.Web.Shared;

/// <summary>One page of a server-side list, with the total the filter matches.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public const int MaxPageSize = 500;

    public static (int Page, int Size) Clamp(int page, int pageSize) => (Math.Clamp(page, 1, 1_000_000), Math.Clamp(pageSize, 1, MaxPageSize));

    public bool HasPrevious => Page > 1;
    public bool HasNext => (long)Page * PageSize < Total;
}
