"use client";
import type { ReactNode } from "react";
import { Button } from "./button";
import { Modal } from "./modal";

/** A dialog holding one form: Cancel and a primary button in the footer; Enter submits. */
export function FormModal({
  open,
  title,
  onClose,
  onSubmit,
  submitLabel,
  pending,
  width,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  pending: boolean;
  width?: string;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      width={width}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={onSubmit} disabled={pending}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </Modal>
  );
}
