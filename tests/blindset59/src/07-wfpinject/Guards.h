#pragma once
//
// Small RAII helpers for the BFE management API.
//

namespace wfpi {

class EngineHandle {
public:
    EngineHandle() = default;
    ~EngineHandle() { reset(); }

    EngineHandle(const EngineHandle&) = delete;
    EngineHandle& operator=(const EngineHandle&) = delete;

    HANDLE  get() const { return m_handle; }
    HANDLE* put() { reset(); return &m_handle; }

    HANDLE release()
    {
        HANDLE h = m_handle;
        m_handle = nullptr;
        return h;
    }

    void reset()
    {
        if (m_handle != nullptr) {
            FwpmEngineClose0(m_handle);
            m_handle = nullptr;
        }
    }

private:
    HANDLE m_handle = nullptr;
};

class Transaction {
public:
    explicit Transaction(HANDLE engine) : m_engine(engine) {}
    ~Transaction()
    {
        if (m_open) {
            FwpmTransactionAbort0(m_engine);
        }
    }

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    NTSTATUS Begin()
    {
        NTSTATUS status = FwpmTransactionBegin0(m_engine, 0);
        m_open = NT_SUCCESS(status);
        return status;
    }

    NTSTATUS Commit()
    {
        NTSTATUS status = FwpmTransactionCommit0(m_engine);
        if (NT_SUCCESS(status)) {
            m_open = false;
        }
        return status;
    }

private:
    HANDLE m_engine;
    bool   m_open = false;
};

} // namespace wfpi
