using System.Reflection;
using System.Text;

namespace Shepherd.Web;

/// <summary>The page's files, embedded in the binary at build time (Assets/, xterm.js among them): the dashboard works
/// offline and loads nothing from elsewhere.</summary>
public sealed class Assets
{
    private readonly Dictionary<string, byte[]> _files = [];

    public Assets()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var s = assembly.GetManifestResourceStream(name)!;
            using var m = new MemoryStream();
            s.CopyTo(m);
            _files[name["assets/".Length..]] = m.ToArray();
        }
    }

    public byte[]? Get(string path) => _files.GetValueOrDefault(path);

    /// <summary>The one HTML page, with the token the page's script sends in its POSTs' header (only a holder of the
    /// cookie can load it; another site cannot read it).</summary>
    public byte[] Page(string token) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_files["index.html"]).Replace("{{TOKEN}}", token));

    public static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
