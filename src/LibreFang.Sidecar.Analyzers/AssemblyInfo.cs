namespace LibreFang.Sidecar.Analyzers;
