using System.Globalization;

namespace Zhaoshang.Web.Features.Audit;

/// <summary>A committed position of the chain: a record's id and MAC.</summary>
public readonly record struct AuditPosition(long Id, string Mac);

/// <summary>
/// The highest audit record this node has seen committed, kept in a small file outside the database (beside the audit
/// key by default) and MAC'd with the audit key. Someone who can only write the database can roll the trail back to an
/// earlier, self-consistent state (an old copy of the rows and of the head), which the chain alone cannot tell from the
/// real thing; the mark can: the trail must still reach it, with the same MAC.
/// </summary>
public sealed class AuditMark
{
    private const string Version = "zs-audit-mark-1";
    private readonly Func<string, string> _mac;
    private readonly ILogger _logger;
    private readonly string _tempPath;
    private readonly Lock _lock = new();
    private AuditPosition? _current;

    public AuditMark(string path, Func<string, string> mac, ILogger logger)
    {
        Path = path;
        _mac = mac;
        _logger = logger;
        // One temporary name per instance: nodes sharing the folder never write the same temporary file.
        _tempPath = path + "." + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)) + ".tmp";
    }

    public string Path { get; }

    /// <summary>The highest committed position known to this node; null before the first record.</summary>
    public AuditPosition? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Reads the file; a file whose MAC does not verify with the audit key refuses to start.</summary>
    public void Load()
    {
        if (!File.Exists(Path))
        {
            return;
        }
        var parts = File.ReadAllText(Path).Trim().Split(' ');
        if (parts.Length != 4 || parts[0] != Version || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || parts[3] != Content(id, parts[2]))
        {
            throw new InvalidOperationException(
                $"The audit mark {Path} does not verify with the audit key: it was changed, or belongs to another key. "
                + "Check the audit trail; remove the file only if the trail is known to be intact.");
        }
        lock (_lock)
        {
            _current = new AuditPosition(id, parts[2]);
        }
    }

    /// <summary>Moves the mark forward (never back) once records are committed; the file follows, best effort.</summary>
    public void Advance(AuditPosition position)
    {
        lock (_lock)
        {
            if (_current is { } current && current.Id >= position.Id)
            {
                return;
            }
            _current = position;
            try
            {
                Shared.AppPaths.WriteSecretFile(_tempPath, $"{Version} {position.Id.ToString(CultureInfo.InvariantCulture)} {position.Mac} {Content(position.Id, position.Mac)}\n");
                File.Move(_tempPath, Path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The records are committed; this node still checks against the mark it holds in memory.
                _logger.LogError(e, "The audit mark {Path} could not be written", Path);
            }
        }
    }

    /// <summary>Forgets the mark of a database that is gone (a new, empty database on the same data folder).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _current = null;
            File.Delete(Path);
        }
    }

    private string Content(long id, string mac) => _mac(string.Join('\u001f', "mark", id.ToString(CultureInfo.InvariantCulture), mac));
}
