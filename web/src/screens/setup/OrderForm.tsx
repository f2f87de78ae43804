// Setup → Orders → New order: customer and material picked from the box's lists or created on
// the spot, quantity, priority 1–3, notes. Checked here first; the box's refusal is shown as is.
import { useState } from 'preact/hooks';
import { post } from '../../lib/api';
import { t, useLang } from '../../lib/i18n';
import { FormError, LoadError, errorText, useLoad } from './shared';
import { to } from './strings-orders';
import { ts } from './strings';
import type { Named, Order } from './types';

const NEW = '__new__';

function Pick({
  label,
  items,
  value,
  onChange,
  choose,
  newLabel,
  newName,
  onNewName,
  newNameLabel,
  testid,
}: {
  label: string;
  items: Named[];
  value: string;
  onChange: (value: string) => void;
  choose: string;
  newLabel: string;
  newName: string;
  onNewName: (value: string) => void;
  newNameLabel: string;
  testid: string;
}) {
  return (
    <>
      <label>
        {label}
        <select data-testid={testid} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">{choose}</option>
          {items.map((item) => (
            <option key={item._id} value={item._id}>
              {item.name}
            </option>
          ))}
          <option value={NEW}>{newLabel}</option>
        </select>
      </label>
      {value === NEW && (
        <label>
          {newNameLabel}
          <input data-testid={`${testid}-new`} value={newName} onInput={(e) => onNewName(e.currentTarget.value)} />
        </label>
      )}
    </>
  );
}

export function OrderForm({ token, onCreated, onCancel }: { token: string; onCreated: (order: Order) => void; onCancel: () => void }) {
  useLang();
  const customers = useLoad<Named[]>('/customers?limit=100&sort=name', token);
  const materials = useLoad<Named[]>('/materials?limit=100&sort=name', token);
  const [customer, setCustomer] = useState('');
  const [customerName, setCustomerName] = useState('');
  const [material, setMaterial] = useState('');
  const [materialName, setMaterialName] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [priority, setPriority] = useState(1);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const count = Number(quantity);
    if (!customer || (customer === NEW && !customerName.trim())) return setError(ts('required', { field: to('orderCustomer') }));
    if (!material || (material === NEW && !materialName.trim())) return setError(ts('required', { field: to('orderMaterial') }));
    if (!Number.isInteger(count) || count < 1 || count > 1000) return setError(to('quantityRange'));
    setBusy(true);
    setError(null);
    try {
      let customerId = customer;
      if (customer === NEW) {
        customerId = (await post<Named>('/customers', { name: customerName.trim() }, token))._id;
        setCustomer(customerId);
        customers.reload();
      }
      let materialId = material;
      if (material === NEW) {
        materialId = (await post<Named>('/materials', { name: materialName.trim(), unit: to('materialUnit'), reorderPoint: 0 }, token))._id;
        setMaterial(materialId);
        materials.reload();
      }
      const body: Record<string, unknown> = { customer: customerId, material: materialId, quantity: count, priority };
      if (notes.trim()) body.notes = notes.trim();
      onCreated(await post<Order>('/orders', body, token));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
    return undefined;
  };

  return (
    <form class="card form s-form-wide" onSubmit={submit} data-testid="order-form">
      <h3>{to('orderNew')}</h3>
      <LoadError loaded={customers} />
      <LoadError loaded={materials} />
      <div class="s-form-grid">
        <Pick
          label={to('orderCustomer')}
          items={customers.data ?? []}
          value={customer}
          onChange={setCustomer}
          choose={to('chooseCustomer')}
          newLabel={to('newCustomer')}
          newName={customerName}
          onNewName={setCustomerName}
          newNameLabel={to('newCustomerName')}
          testid="order-customer"
        />
        <Pick
          label={to('orderMaterial')}
          items={materials.data ?? []}
          value={material}
          onChange={setMaterial}
          choose={to('chooseMaterial')}
          newLabel={to('newMaterial')}
          newName={materialName}
          onNewName={setMaterialName}
          newNameLabel={to('newMaterialName')}
          testid="order-material"
        />
        <label>
          {to('orderQuantity')}
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            step={1}
            data-testid="order-quantity"
            value={quantity}
            onInput={(e) => setQuantity(e.currentTarget.value)}
          />
        </label>
      </div>
      <fieldset class="s-segmented">
        <legend>{to('orderPriority')}</legend>
        {([1, 2, 3] as const).map((p) => (
          <button
            key={p}
            type="button"
            class={`btn ${priority === p ? 's-chosen' : ''} ${p === 3 ? 's-prio-3' : ''}`}
            aria-pressed={priority === p}
            data-testid={`order-priority-${p}`}
            onClick={() => setPriority(p)}
          >
            {to(`priority${p}`)}
          </button>
        ))}
      </fieldset>
      <label>
        {to('orderNotes')}
        <textarea data-testid="order-notes" value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </label>
      <FormError error={error} />
      <div class="btn-row">
        <button class="btn btn-primary btn-big" type="submit" disabled={busy} data-testid="order-save">
          {to('orderNew')}
        </button>
        <button class="btn btn-big" type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
