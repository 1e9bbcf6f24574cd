namespace LibreFang.Sidecar.Generators;
