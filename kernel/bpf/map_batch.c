// SPDX-License-Identifier: GPL-2.0
/*
 * The batch commands for map types with no batch op of their own (the
 * arrays): one element at a time through the single-element paths,
 * with 6.1's partial progress.  attr->batch.count says how many elements
 * to take on input and how many were done on output, also on error:
 * it is zeroed first, and an element that fails stops the batch.
 * Lookups walk the keys with get_next_key from in_batch (a key; none:
 * the first) and leave the last key in out_batch, ENOENT meaning the
 * walk reached the end.
 */
#include <linux/bpf.h>
#include <linux/fs.h>

static int batch_check_flags(const struct bpf_map *map, const union bpf_attr *attr)
{
	if (attr->batch.elem_flags & ~BPF_F_LOCK)
		return -EINVAL;
	if ((attr->batch.elem_flags & BPF_F_LOCK) && !map_value_has_spin_lock(map))
		return -EINVAL;
	return 0;
}

/* The count goes back to user space; a fault there wins over @err. */
static int batch_put_count(union bpf_attr __user *uattr, u32 cp, int err)
{
	if (copy_to_user(&uattr->batch.count, &cp, sizeof(cp)))
		return -EFAULT;
	return err;
}

int generic_map_delete_batch(struct bpf_map *map, const union bpf_attr *attr,
			     union bpf_attr __user *uattr)
{
	const u8 __user *keys = u64_to_user_ptr(attr->batch.keys);
	u32 cp, max_count = attr->batch.count;
	int err = batch_check_flags(map, attr);
	void *key;

	if (err || !max_count)
		return err;
	if (put_user(0, &uattr->batch.count))
		return -EFAULT;
	key = kmalloc(map->key_size, GFP_USER);
	if (!key)
		return -ENOMEM;
	for (cp = 0; cp < max_count; cp++) {
		err = -EFAULT;
		if (copy_from_user(key, keys + (u64)cp * map->key_size, map->key_size))
			break;
		rcu_read_lock();
		err = map->ops->map_delete_elem(map, key);
		rcu_read_unlock();
		if (err)
			break;
	}
	kfree(key);
	return batch_put_count(uattr, cp, err);
}

int generic_map_update_batch(struct bpf_map *map, const union bpf_attr *attr,
			     union bpf_attr __user *uattr)
{
	const u8 __user *values = u64_to_user_ptr(attr->batch.values);
	const u8 __user *keys = u64_to_user_ptr(attr->batch.keys);
	u32 cp, max_count = attr->batch.count;
	u32 value_size = bpf_map_value_size(map);
	int err = batch_check_flags(map, attr);
	void *key, *value;
	struct fd f;

	if (err || !max_count)
		return err;
	if (put_user(0, &uattr->batch.count))
		return -EFAULT;
	key = kmalloc(map->key_size, GFP_USER);
	value = kmalloc(value_size, GFP_USER);
	if (!key || !value) {
		kfree(key);
		kfree(value);
		return -ENOMEM;
	}
	/* the command holds the fd: the fd map types need its file */
	f = fdget(attr->batch.map_fd);
	for (cp = 0; cp < max_count; cp++) {
		err = -EFAULT;
		if (copy_from_user(key, keys + (u64)cp * map->key_size, map->key_size) ||
		    copy_from_user(value, values + (u64)cp * value_size, value_size))
			break;
		err = bpf_map_update_value(map, f, key, value, attr->batch.elem_flags);
		if (err)
			break;
	}
	fdput(f);
	kfree(value);
	kfree(key);
	return batch_put_count(uattr, cp, err);
}

int generic_map_lookup_batch(struct bpf_map *map, const union bpf_attr *attr,
			     union bpf_attr __user *uattr)
{
	u8 __user *values = u64_to_user_ptr(attr->batch.values);
	u8 __user *keys = u64_to_user_ptr(attr->batch.keys);
	void __user *in_batch = u64_to_user_ptr(attr->batch.in_batch);
	void __user *out_batch = u64_to_user_ptr(attr->batch.out_batch);
	u32 cp, max_count = attr->batch.count;
	u32 value_size = bpf_map_value_size(map);
	void *buf_prevkey, *buf, *prev_key, *key, *value, *tmp;
	int err = batch_check_flags(map, attr);

	if (err || !max_count)
		return err;
	if (put_user(0, &uattr->batch.count))
		return -EFAULT;
	buf_prevkey = kmalloc(map->key_size, GFP_USER);
	buf = kmalloc(map->key_size + value_size, GFP_USER);
	if (!buf_prevkey || !buf) {
		err = -ENOMEM;
		goto out;
	}
	err = -EFAULT;
	if (in_batch && copy_from_user(buf_prevkey, in_batch, map->key_size))
		goto out;
	prev_key = in_batch ? buf_prevkey : NULL;
	key = buf;
	value = (u8 *)buf + map->key_size;

	for (cp = 0; cp < max_count;) {
		rcu_read_lock();
		err = map->ops->map_get_next_key(map, prev_key, key);
		rcu_read_unlock();
		if (err)
			break;
		err = bpf_map_copy_value(map, key, value, attr->batch.elem_flags);
		if (err != -ENOENT) {
			/* an element deleted meanwhile is skipped */
			if (err)
				goto out;
			if (copy_to_user(keys + (u64)cp * map->key_size, key, map->key_size) ||
			    copy_to_user(values + (u64)cp * value_size, value, value_size)) {
				err = -EFAULT;
				goto out;
			}
			cp++;
		}
		/* the key just read is where the next one starts */
		if (!prev_key)
			prev_key = buf_prevkey;
		tmp = prev_key;
		prev_key = key;
		key = tmp;
	}
	if (err == -EFAULT)
		goto out;
	if (copy_to_user(&uattr->batch.count, &cp, sizeof(cp)) ||
	    (cp && copy_to_user(out_batch, prev_key, map->key_size)))
		err = -EFAULT;
out:
	kfree(buf_prevkey);
	kfree(buf);
	return err;
}
