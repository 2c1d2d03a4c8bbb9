//
// sysworker.sys - IOCTL-fed system worker thread
//
#include "Driver.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    return Driver::Initialize(DriverObject, RegistryPath);
}
