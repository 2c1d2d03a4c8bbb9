#pragma once
//
// hello.h - shared stuff for hellodrv
//

#include <ntddk.h>

#define HELLO_TAG           'lleH'
#define HELLO_BUFFER_SIZE   4096
#define HELLO_DEVICE_NAME   L"\\Device\\HelloDrv"
#define HELLO_SYMLINK_NAME  L"\\??\\HelloDrv"

// set to 0 to shut the driver up
#define HELLO_VERBOSE 1

#if HELLO_VERBOSE
#define HELLO_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[hellodrv] " fmt, __VA_ARGS__)
#else
#define HELLO_LOG(fmt, ...)
#endif

//
// globals (driver.c)
//
extern PDEVICE_OBJECT  g_DeviceObject;
extern PUNICODE_STRING g_RegistryPath;
extern PCHAR           g_EchoBuffer;
extern ULONG           g_EchoLength;
extern KSPIN_LOCK      g_EchoLock;
extern LONG            g_OpenCount;

//
// dispatch.c
//
DRIVER_DISPATCH HelloCreateClose;
DRIVER_DISPATCH HelloRead;
DRIVER_DISPATCH HelloWrite;
DRIVER_DISPATCH HelloDeviceControl;
DRIVER_DISPATCH HelloDispatchNotSupported;

NTSTATUS HelloCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info);
