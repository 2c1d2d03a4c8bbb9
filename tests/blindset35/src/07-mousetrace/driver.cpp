//
// driver.cpp - mousetrace entry / unload
//
#include "mousetrace.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD MtUnload;

static void MtUnload(PDRIVER_OBJECT)
{
    mt::Filter::Detach();   // no more packets after this
    mt::Tracer::Stop();
    MT_PRINT("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    for (auto& mj : DriverObject->MajorFunction)
        mj = mt::Filter::Dispatch;
    DriverObject->MajorFunction[IRP_MJ_READ]  = mt::Filter::Read;
    DriverObject->MajorFunction[IRP_MJ_POWER] = mt::Filter::Power;
    DriverObject->DriverUnload = MtUnload;

    auto status = mt::Tracer::Start();
    if (!NT_SUCCESS(status))
        return status;

    status = mt::Filter::Attach(DriverObject);
    if (!NT_SUCCESS(status)) {
        mt::Tracer::Stop();
        return status;
    }

    MT_PRINT("attached to " "PointerClass0");
    return STATUS_SUCCESS;
}
