namespace Zhaoshang.Web.Shared;

/// <summary>
/// Marker for the UI strings. Keys are the Simplified Chinese text itself (the default culture);
/// SharedResource.en.resx holds the English for each key.
/// </summary>
public sealed class SharedResource;
