/*++

Copyright (c) Trey Research Security.  All rights reserved.

Module Name:

    driver.cpp

Abstract:

    Pool operators, DriverEntry, and the PolicyDriver object that owns
    every component of the driver.

Environment:

    Kernel mode, /kernel C++.

--*/

#include "policy.h"

//
// ---- Pool operators -----------------------------------------------------
//

void* __cdecl operator new(size_t Size, POOL_FLAGS Flags, ULONG Tag) noexcept
{
    //
    // ExAllocatePool2 zero-fills unless POOL_FLAG_UNINITIALIZED is given.
    //
    return ExAllocatePool2(Flags, Size, Tag);
}

void __cdecl operator delete(void* Pointer, POOL_FLAGS Flags, ULONG Tag) noexcept
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(Tag);

    if (Pointer != nullptr) {
        ExFreePool(Pointer);
    }
}

void __cdecl operator delete(void* Pointer) noexcept
{
    if (Pointer != nullptr) {
        ExFreePool(Pointer);
    }
}

void __cdecl operator delete(void* Pointer, size_t Size) noexcept
{
    UNREFERENCED_PARAMETER(Size);

    if (Pointer != nullptr) {
        ExFreePool(Pointer);
    }
}

//
// ---- Driver object --------------------------------------------------------
//

PolicyDriver* PolicyDriver::s_Instance = nullptr;

static PolicyDriver* g_Driver = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;


#pragma code_seg("PAGE")

PolicyDriver::PolicyDriver(
    _In_ PDRIVER_OBJECT DriverObject
    )
    : m_DriverObject(DriverObject)
{
    PAGED_CODE();

    RtlZeroMemory(&m_Counters, sizeof(m_Counters));
}


PolicyDriver::~PolicyDriver()
/*++

Routine Description:

    Single teardown path.  Callbacks are stopped explicitly first (the
    member destructors would do it too, but only after this body, and
    s_Instance must not be cleared while a callback can still read it).
    Then the members unwind in reverse order: control device, policy
    store, service key copy.

--*/
{
    PAGED_CODE();

    m_Registry.Stop();
    m_Image.Stop();
    m_Process.Stop();

    if (s_Instance == this) {
        s_Instance = nullptr;
    }

    KPOL_LOG("driver object destroyed (%I64d processes seen)", m_Counters.ProcessesSeen);
}


_Use_decl_annotations_
VOID
PolicyDriver::Unload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DriverObject);

    PolicyDriver* driver = g_Driver;
    g_Driver = nullptr;

    delete driver;
}

#pragma code_seg()


#pragma code_seg("INIT")

NTSTATUS
PolicyDriver::Initialize(
    _In_ PCUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Brings the components up in dependency order, callbacks last.  On
    failure it simply returns: whatever was started is stopped by the
    destructor when the caller's UniquePtr releases the object.

--*/
{
    KPOL_RETURN_IF_FAILED(m_ServiceKey.Assign(RegistryPath, KPOL_TAG_STRING));

    m_Policy.LoadFromRegistry(m_ServiceKey.Get());

    KPOL_RETURN_IF_FAILED(m_Device.Create(m_DriverObject));

    //
    // The notify routines have no context parameter; they find the
    // driver through s_Instance, which must be valid before the first
    // one is registered.
    //
    s_Instance = this;

    KPOL_RETURN_IF_FAILED(m_Process.Start());
    KPOL_RETURN_IF_FAILED(m_Image.Start());
    KPOL_RETURN_IF_FAILED(m_Registry.Start(m_DriverObject));

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
NTSTATUS
PolicyDriver::Create(
    PDRIVER_OBJECT DriverObject,
    PCUNICODE_STRING RegistryPath,
    PolicyDriver** Driver
    )
{
    *Driver = nullptr;

    kcpp::UniquePtr<PolicyDriver> driver(
        new (POOL_FLAG_NON_PAGED, KPOL_TAG_DRIVER) PolicyDriver(DriverObject));

    if (!driver) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KPOL_RETURN_IF_FAILED(driver->Initialize(RegistryPath));

    *Driver = driver.Release();
    return STATUS_SUCCESS;
}


extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PolicyDriver* driver = nullptr;
    NTSTATUS status;

    KPOL_LOG("DriverEntry %wZ", RegistryPath);

    status = PolicyDriver::Create(DriverObject, RegistryPath, &driver);
    if (!NT_SUCCESS(status)) {
        KPOL_LOG_ERROR("initialization failed 0x%08X", status);
        return status;
    }

    //
    // Entry points are published only once nothing can fail any more.
    //
    g_Driver = driver;
    ControlDevice::InstallDispatchTable(DriverObject);
    DriverObject->DriverUnload = PolicyDriver::Unload;

    return STATUS_SUCCESS;
}

#pragma code_seg()
