using System.Globalization;

namespace Zhaoshang.Web.Shared;

/// <summary>How numbers are kept and written across the platform: as a table writes them, rates with one decimal and %.</summary>
public static class Numbers
{
    /// <summary>The same number without trailing zeros (55.00 → 55, as a table writes it; PostgreSQL returns numeric(18,4)).</summary>
    public static decimal Normal(decimal value) => decimal.Parse(value.ToString("0.############################", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static decimal? Normal(decimal? value) => value is { } v ? Normal(v) : null;

    /// <summary>A rate in percent with one decimal and its sign (83.3%); — for none.</summary>
    public static string Rate(decimal? percent) => percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
