namespace LibreFang.Sidecar;

public static partial class SidecarHost
{
    private static Task<int> RunCoreAsync<TAdapter>(string[] args, SidecarHostOptions options)
        where TAdapter : ISidecarAdapter, ISidecarAdapterFactory<TAdapter>
        => throw new NotImplementedException("host: issue 3");
}
