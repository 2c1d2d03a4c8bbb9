#pragma once
//
// vsensor - root-enumerated virtual temperature sensor (WDM function driver)
//
// Installed with "devcon install vsensor.inf Root\VSensor". Exposes
// GUID_DEVINTERFACE_VSENSOR; IOCTL_VSENSOR_READ returns a simulated reading
// whose base value and noise come from the service Parameters key.
//

#include <ntddk.h>
#include <initguid.h>

// {6E0A4F3B-2A8C-4C4B-9D57-1F3C2B7A8E11}
DEFINE_GUID(GUID_DEVINTERFACE_VSENSOR,
    0x6e0a4f3b, 0x2a8c, 0x4c4b, 0x9d, 0x57, 0x1f, 0x3c, 0x2b, 0x7a, 0x8e, 0x11);

#define VS_TAG  'sneS'

#define IOCTL_VSENSOR_READ  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)

#define VS_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "vsensor: " fmt "\n", ##__VA_ARGS__)

// driver-wide configuration, lives in the driver object extension
struct VS_DRIVER_CONFIG {
    UNICODE_STRING RegistryPath;
    ULONG          DefaultBaseMilliC;
    ULONG          DefaultNoiseMilliC;
    volatile LONG  DeviceCount;
};

struct VS_READING {
    LONG      MilliCelsius;
    ULONGLONG Timestamp;
};

// placement new for constructing objects inside device extensions
inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void __cdecl operator delete(void*, void*) noexcept {}

VS_DRIVER_CONFIG* VsGetConfig(PDRIVER_OBJECT driver);
NTSTATUS VsReadParameters(PCUNICODE_STRING registryPath, ULONG* baseMilliC, ULONG* noiseMilliC);
