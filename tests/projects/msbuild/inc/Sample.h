/* Shared by the driver and its tools: the driver's context. */
#pragma once

typedef struct _SAMPLE_CONTEXT {
	ULONG Tag;
	ULONG Flags;
} SAMPLE_CONTEXT, *PSAMPLE_CONTEXT;

DRIVER_UNLOAD SampleUnload;
NTSTATUS SampleSetup(_In_ PDRIVER_OBJECT DriverObject, _Out_ PSAMPLE_CONTEXT Context);
