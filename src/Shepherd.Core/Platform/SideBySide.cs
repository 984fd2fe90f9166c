namespace Shepherd.Platform;

/// <summary>Shepherd's programs are installed side by side in one directory (<c>shepherd</c> and <c>shepherd-mcp</c>):
/// how one of them runs another.</summary>
public static class SideBySide
{
    /// <summary>The command that runs <paramref name="program"/> from the directory of this process's executable
    /// (symbolic links resolved, so a linked <c>bin/shepherd</c> finds its lib directory): the program itself, or under
    /// the JIT (<c>dotnet x.dll</c>) the dotnet host with the program's dll.</summary>
    public static IReadOnlyList<string> Command(string program)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find my own executable");
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
            return [exe, Path.Combine(AppContext.BaseDirectory, program + ".dll")];
        return [Path.Combine(Path.GetDirectoryName(exe)!, program)];
    }
}
