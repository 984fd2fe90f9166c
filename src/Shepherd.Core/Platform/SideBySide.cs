namespace Shepherd.Platform;

/// <summary>Shepherd's programs are installed side by side in one directory (<c>shepherd</c> and <c>shepherd-mcp</c>):
/// how one of them runs another.</summary>
public static class SideBySide
{
    /// <summary>The command that runs <paramref name="program"/> from the directory of this process's executable
    /// (symbolic links resolved, so a linked <c>bin/shepherd</c> finds its lib directory): the program itself, or under
    /// the JIT (<c>dotnet x.dll</c>) the dotnet host with the program's dll. A framework-dependent install whose
    /// executable is only a launcher elsewhere (a dotnet tool's shim) has the program's dll beside its own, with no
    /// executable for it: that dll, run by the dotnet that runs this process.</summary>
    public static IReadOnlyList<string> Command(string program)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find my own executable");
        var dll = Path.Combine(AppContext.BaseDirectory, program + ".dll");
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") return [exe, dll];
        var native = Path.Combine(Path.GetDirectoryName(exe)!, program);
        if (!File.Exists(native) && File.Exists(dll) && DotnetHost() is { } host) return [host, dll];
        return [native];
    }

    /// <summary>The <c>dotnet</c> of the runtime this process runs on: <c>&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/</c>
    /// is where the runtime lives, <c>&lt;root&gt;/dotnet</c> the host beside it.</summary>
    private static string? DotnetHost()
    {
        var runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var host = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "dotnet"));
        return File.Exists(host) ? host : null;
    }
}
