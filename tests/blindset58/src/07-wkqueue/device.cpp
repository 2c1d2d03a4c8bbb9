// device.cpp  --  control device + DOS name
#include "wkqueue.h"

namespace wkq {

NTSTATUS CreateControlDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT* Device)
{
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(WKQ_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(WKQ_DOS_NAME);
    NTSTATUS       status;

    status = IoCreateDevice(DriverObject, 0, &ntName, WKQ_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, Device);
    if (!NT_SUCCESS(status)) {
        LOGERR("IoCreateDevice", status);
        return status;
    }
    (*Device)->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        LOGERR("IoCreateSymbolicLink", status);
        IoDeleteDevice(*Device);
        return status;
    }

    return STATUS_SUCCESS;
}

void DeleteControlDevice(PDEVICE_OBJECT Device)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(WKQ_DOS_NAME);

    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(Device);
}

} // namespace wkq
