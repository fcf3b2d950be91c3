using System.Linq.Expressions;

namespace Zhaoshang.Web.Data;

/// <summary>
/// A subtree is every org path starting with a prefix. Queries state it as the ordinal range [prefix, End(prefix)),
/// which SQLite (BINARY collation) and PostgreSQL (a "C" collation, checked at start) answer from an index.
/// </summary>
public static class OrgPaths
{
    private static readonly System.Reflection.MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary>The smallest string greater than every string that starts with <paramref name="prefix"/>.</summary>
    public static string End(string prefix) => prefix.Length == 0 ? "\uffff" : prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>The path of each ancestor and the org's own ("/520000/520100/" → "/520000/", "/520000/520100/").</summary>
    public static IEnumerable<string> AndAncestors(string path)
    {
        for (var i = path.IndexOf('/', 1); i >= 0; i = path.IndexOf('/', i + 1))
        {
            yield return path[..(i + 1)];
        }
    }

    /// <summary>path &gt;= start &amp;&amp; path &lt; end, as an expression EF translates to two comparisons.</summary>
    public static Expression InRange(Expression path, Expression start, Expression end)
    {
        var zero = Expression.Constant(0);
        return Expression.AndAlso(
            Expression.GreaterThanOrEqual(Expression.Call(Compare, path, start), zero),
            Expression.LessThan(Expression.Call(Compare, path, end), zero));
    }

    /// <summary>The rows of <paramref name="query"/> whose path lies in the subtree of <paramref name="prefix"/>.</summary>
    public static IQueryable<T> Under<T>(this IQueryable<T> query, Expression<Func<T, string>> path, string prefix)
    {
        // Member access on a constant object: EF sends both bounds as parameters, so the plan is cached once.
        var bounds = Expression.Constant(new Bounds(prefix, End(prefix)));
        var body = InRange(path.Body, Expression.Property(bounds, nameof(Bounds.Start)), Expression.Property(bounds, nameof(Bounds.End)));
        return query.Where(Expression.Lambda<Func<T, bool>>(body, path.Parameters));
    }

    private sealed record Bounds(string Start, string End);
}
