/*
 * raiiowner.cpp - a legacy WDM driver of a process auditor in kernel C++.
 * Each registration is kept by a holder object whose flag Arm() sets and
 * Reset() tests; the auditor owns the holders and its destructor resets each
 * one. DriverEntry keeps the auditor in an owner whose destructor hands it to
 * a deleter functor that runs its destructor and frees it, so a failure of
 * Start() undoes what Start() armed, five calls deep; in the version whose
 * auditor destructor forgets the process notify routine.
 *
 * BUG (DE006, DE011): ~Auditor resets only the image holder, and a holder's
 * own destructor does not reset it: when the image notify routine cannot be
 * registered, and at unload, the process notify routine stays registered in
 * an image that is unloaded.
 */

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AuditUnload;

static VOID
AuditProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

static VOID
AuditImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

void* __cdecl operator new(size_t Size, POOL_FLAGS Flags, ULONG Tag) noexcept
{
    return ExAllocatePool2(Flags, Size, Tag);
}

void __cdecl operator delete(void* Block, size_t Size) noexcept
{
    UNREFERENCED_PARAMETER(Size);
    if (Block != nullptr) {
        ExFreePool(Block);
    }
}

struct ProcessNotifyTraits {
    typedef PCREATE_PROCESS_NOTIFY_ROUTINE_EX Type;
    static void Undo(Type Routine) { (void)PsSetCreateProcessNotifyRoutineEx(Routine, TRUE); }
};

struct ImageNotifyTraits {
    typedef PLOAD_IMAGE_NOTIFY_ROUTINE Type;
    static void Undo(Type Routine) { (void)PsRemoveLoadImageNotifyRoutine(Routine); }
};

template <class Traits>
class Registration {
public:
    typedef typename Traits::Type Type;

    Registration() : m_Value(), m_Armed(false) {}

    void Arm(Type Value)
    {
        m_Value = Value;
        m_Armed = true;
    }

    void Reset()
    {
        if (m_Armed) {
            m_Armed = false;
            Traits::Undo(m_Value);
        }
    }

private:
    Type m_Value;
    bool m_Armed;
};

class Auditor {
public:
    NTSTATUS Start()
    {
        NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(AuditProcessNotify, FALSE);   // expect: DE011
        if (!NT_SUCCESS(status)) {
            return status;
        }
        m_Process.Arm(AuditProcessNotify);

        status = PsSetLoadImageNotifyRoutine(AuditImageNotify);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        m_Image.Arm(AuditImageNotify);
        return STATUS_SUCCESS;
    }

    ~Auditor()
    {
        m_Image.Reset();
    }

private:
    Registration<ProcessNotifyTraits> m_Process;
    Registration<ImageNotifyTraits> m_Image;
};

/* Destroys an object made with the pool's operator new. */
template <class T>
struct PoolDelete {
    void operator()(T* Object) const
    {
        Object->~T();
        ExFreePool(Object);
    }
};

/* Owns an object made with the pool's operator new until Detach(). */
template <class T, class Deleter = PoolDelete<T>>
class Owner {
public:
    explicit Owner(T* Object) : m_Object(Object) {}
    ~Owner() { Reset(); }

    void Reset()
    {
        T* old = m_Object;
        m_Object = nullptr;
        if (old != nullptr) {
            Deleter()(old);
        }
    }

    T* operator->() const { return m_Object; }
    bool Empty() const { return m_Object == nullptr; }

    T* Detach()
    {
        T* object = m_Object;
        m_Object = nullptr;
        return object;
    }

private:
    T* m_Object;
};

static Auditor* g_Auditor;

VOID
AuditUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    delete g_Auditor;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    Owner<Auditor> auditor(new (POOL_FLAG_NON_PAGED, 'tduA') Auditor());
    if (auditor.Empty()) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = auditor->Start();
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006
    }
    g_Auditor = auditor.Detach();
    DriverObject->DriverUnload = AuditUnload;
    return STATUS_SUCCESS;
}
