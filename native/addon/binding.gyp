{
  "targets": [
    {
      "target_name": "kestrel_sensor",
      "sources": ["sensor.c"],
      "cflags": ["-O2", "-Wall", "-Wno-unused-parameter", "-std=gnu11"],
      "libraries": ["-lbpf", "-lelf", "-lz"]
    }
  ]
}
