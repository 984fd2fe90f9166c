using System.Text;
using Shepherd.Platform;
using Shepherd.Store;

namespace Shepherd.Supervisor;

/// <summary>A 0600 log file for a daemon nobody watches (the one <c>start</c> launches): one line per write, rotated
/// into <c>.1</c> at <paramref name="maxBytes"/>. Writing never throws.</summary>
public sealed class RotatingLog(string path, long maxBytes = 10 * 1024 * 1024) : TextWriter
{
    private AppendFile? _file;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        try
        {
            _file ??= AppendFile.Open(path, ShepherdHome.PrivateFileMode);
            if (_file.Length > maxBytes)
            {
                _file.Dispose();
                File.Move(path, path + ".1", overwrite: true);
                _file = AppendFile.Open(path, ShepherdHome.PrivateFileMode);
            }
            _file.Write(Encoding.UTF8.GetBytes(value));
        }
        catch (IOException) { _file?.Dispose(); _file = null; }
    }

    public override void WriteLine(string? value) => Write($"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fff} {value}\n");

    protected override void Dispose(bool disposing)
    {
        _file?.Dispose();
        base.Dispose(disposing);
    }
}
